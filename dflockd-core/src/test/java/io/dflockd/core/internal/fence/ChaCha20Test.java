package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ChaCha20Test {
    @Test
    void blockFunctionMatchesRfc8439TestVector() {
        // RFC 8439 section 2.3.2: key 00:01:..:1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, block counter 1.
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = HexFormat.of().parseHex("000000090000004a00000000");
        int[] out = new int[ChaCha20.BLOCK_WORDS];

        ChaCha20.block(words(key), 1, words(nonce), out);

        assertThat(serialize(out)).isEqualTo(HexFormat.of().parseHex(
                "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                        + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"));
    }

    @Test
    void blockFunctionMatchesTheJdkCipherKeystream() throws GeneralSecurityException {
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 20; trial++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(nonce);
            int counter = random.nextInt(1 << 30);
            Cipher cipher = Cipher.getInstance("ChaCha20");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"),
                    new ChaCha20ParameterSpec(nonce, counter));
            byte[] keystream = cipher.doFinal(new byte[64]);
            int[] out = new int[ChaCha20.BLOCK_WORDS];

            ChaCha20.block(words(key), counter, words(nonce), out);

            assertThat(serialize(out)).as("trial %d", trial).isEqualTo(keystream);
        }
    }

    private static int[] words(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] words = new int[bytes.length / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = buffer.getInt();
        }
        return words;
    }

    private static byte[] serialize(int[] words) {
        ByteBuffer buffer = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : words) {
            buffer.putInt(word);
        }
        return buffer.array();
    }
}
