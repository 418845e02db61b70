package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc64Test {
    @Test
    void checkValueOfTheCatalogueMatches() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertThat(Crc64.of(check, 0, check.length)).isEqualTo(0xB90956C775A41001L);
    }

    @Test
    void emptyInputHasChecksumZero() {
        assertThat(Crc64.of(new byte[0], 0, 0)).isZero();
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(Crc64.of(padded, 2, 9)).isEqualTo(0xB90956C775A41001L);
    }

    @Test
    void anySingleBitFlipChangesTheChecksum() {
        byte[] data = new FenceRecord(7, 123_456_789L).encode();
        long original = Crc64.of(data, 0, 24);
        for (int bit = 0; bit < 24 * 8; bit++) {
            data[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(Crc64.of(data, 0, 24)).as("bit %d", bit).isNotEqualTo(original);
            data[bit / 8] ^= (byte) (1 << (bit % 8));
        }
    }
}
