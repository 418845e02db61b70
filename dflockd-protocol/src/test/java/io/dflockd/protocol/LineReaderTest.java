package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static io.dflockd.protocol.TestStreams.concat;
import static io.dflockd.protocol.TestStreams.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader over(byte[] data) {
        return new LineReader(new ByteArrayInputStream(data));
    }

    private static List<String> readAll(LineReader reader, int cap) throws IOException {
        List<String> lines = new ArrayList<>();
        LineStatus status;
        while ((status = reader.read(cap)) == LineStatus.LINE) {
            lines.add(reader.lineAsString(StandardCharsets.ISO_8859_1));
        }
        lines.add("<" + status + ">");
        return lines;
    }

    @Test
    void readsLfTerminatedLinesAndReportsTheCleanEnd() throws IOException {
        assertThat(readAll(over(bytes("ping\n_\n_\n")), 256)).containsExactly("ping", "_", "_", "<END_OF_INPUT>");
    }

    @Test
    void blankLinesAreLines() throws IOException {
        assertThat(readAll(over(bytes("\n\n\nx\n")), 256)).containsExactly("", "", "", "x", "<END_OF_INPUT>");
    }

    @Test
    void stripsExactlyOneTrailingCr() throws IOException {
        assertThat(readAll(over(bytes("a\r\nb\r\r\n\r\nc\rd\n")), 256))
                .containsExactly("a", "b\r", "", "c\rd", "<END_OF_INPUT>");
    }

    @Test
    void endOfStreamInsideALineIsTruncatedAndThenTheEnd() throws IOException {
        LineReader reader = over(bytes("ok\npartial"));
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.read(256)).isEqualTo(LineStatus.TRUNCATED);
        assertThat(reader.read(256)).isEqualTo(LineStatus.END_OF_INPUT);
    }

    @Test
    void aLoneCrBeforeTheEndIsATruncatedLine() throws IOException {
        assertThat(readAll(over(bytes("\r")), 256)).containsExactly("<TRUNCATED>");
    }

    @Test
    void a256ByteLineIsAcceptedAnd257IsTooLong() throws IOException {
        LineReader ok = over(concat(repeat('k', 256), bytes("\n")));
        assertThat(ok.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(ok.lineLength()).isEqualTo(256);

        LineReader tooLong = over(concat(bytes("x\n"), repeat('k', 257), bytes("\n")));
        assertThat(tooLong.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(tooLong.lineLength()).isEqualTo(1);
        assertThat(tooLong.read(256)).isEqualTo(LineStatus.TOO_LONG);
        assertThat(tooLong.lineLength()).as("no stale line after another outcome").isZero();
    }

    @Test
    void theCapCountsATrailingCr() throws IOException {
        LineReader ok = over(concat(repeat('k', 255), bytes("\r\n")));
        assertThat(ok.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(ok.lineLength()).isEqualTo(255);

        LineReader tooLong = over(concat(repeat('k', 256), bytes("\r\n")));
        assertThat(tooLong.read(256)).isEqualTo(LineStatus.TOO_LONG);
    }

    @Test
    void anOverLongLineWithoutAnyLfIsTooLongBeforeTheEnd() throws IOException {
        // 257 bytes and then EOF: the cap is detected first, without waiting for an LF.
        assertThat(over(repeat('k', 257)).read(256)).isEqualTo(LineStatus.TOO_LONG);
    }

    @Test
    void theAuthCapAllows65536BytesAndRejects65537() throws IOException {
        LineReader ok = over(concat(repeat('s', 65_536), bytes("\nnext\n")));
        assertThat(ok.read(WireRules.MAX_AUTH_TOKEN_BYTES)).isEqualTo(LineStatus.LINE);
        assertThat(ok.lineLength()).isEqualTo(65_536);
        assertThat(ok.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(ok.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("next");

        LineReader tooLong = over(concat(repeat('s', 65_537), bytes("\n")));
        assertThat(tooLong.read(WireRules.MAX_AUTH_TOKEN_BYTES)).isEqualTo(LineStatus.TOO_LONG);
    }

    @Test
    void discardLineSkipsThroughTheNextLfAndKeepsWhatFollows() throws IOException {
        LineReader reader = over(concat(repeat('k', 5000), bytes("\nping\n")));
        assertThat(reader.read(256)).isEqualTo(LineStatus.TOO_LONG);
        assertThat(reader.discardLine()).isTrue();
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("ping");
    }

    @Test
    void discardLineReportsTheEndWhenNoLfComes() throws IOException {
        LineReader reader = over(repeat('k', 3000));
        assertThat(reader.read(256)).isEqualTo(LineStatus.TOO_LONG);
        assertThat(reader.discardLine()).isFalse();
        assertThat(reader.read(256)).isEqualTo(LineStatus.END_OF_INPUT);
    }

    @Test
    void discardingAHugeLineDoesNotGrowTheBuffer() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(concat(repeat('k', 1_000_000), bytes("\n"))), 64);
        assertThat(reader.read(32)).isEqualTo(LineStatus.TOO_LONG);
        assertThat(reader.discardLine()).isTrue();
        assertThat(reader.lineBuffer().length).isEqualTo(64);
    }

    @Test
    void byteAtATimeInputGivesTheSameLinesWithOneReadPerByte() throws IOException {
        byte[] data = bytes("l\r\nbuild-cache\r\n0\r\n\n" + "k".repeat(300) + "\nrest");
        TestStreams.OneByteAtATime stream = new TestStreams.OneByteAtATime(data);
        LineReader reader = new LineReader(stream, 16);
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("l");
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("build-cache");
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("0");
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineLength()).isZero();
        assertThat(reader.read(256)).isEqualTo(LineStatus.TOO_LONG);
        assertThat(reader.discardLine()).isTrue();
        assertThat(reader.read(256)).isEqualTo(LineStatus.TRUNCATED);
        // One read per byte plus the final -1: never a re-read of bytes already buffered.
        assertThat(stream.reads).isEqualTo(data.length + 1);
    }

    @Test
    void readsInBlocksNotBytes() throws IOException {
        byte[] frame = bytes("ping\n_\n_\n");
        byte[] data = concat(frame, frame, frame, frame, frame, frame, frame, frame, frame, frame);
        CountingStream stream = new CountingStream(data);
        LineReader reader = new LineReader(stream);
        for (int i = 0; i < 30; i++) {
            assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        }
        assertThat(reader.read(256)).isEqualTo(LineStatus.END_OF_INPUT);
        assertThat(stream.reads).isEqualTo(2);
    }

    @Test
    void aStreamTimeoutMidLineLosesNothingAndTheReadCanContinue() throws IOException {
        byte[] data = bytes("hello world\nnext\n");
        LineReader reader = new LineReader(new TestStreams.Chunked(data, 3, 7));
        assertThatThrownBy(() -> reader.read(256)).isInstanceOf(SocketTimeoutException.class);
        assertThat(reader.buffered()).isEqualTo(7);
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("next");
    }

    @Test
    void awaitInputWaitsForOneByteAndConsumesNothing() throws IOException {
        LineReader reader = new LineReader(new TestStreams.OneByteAtATime(bytes("ab\n")));
        assertThat(reader.awaitInput()).isTrue();
        assertThat(reader.buffered()).isEqualTo(1);
        assertThat(reader.awaitInput()).isTrue();
        assertThat(reader.buffered()).isEqualTo(1);
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.awaitInput()).isFalse();
    }

    @Test
    void fillReadsOnceAndStopsAtTheWatchLimit() throws IOException {
        byte[] pipelined = repeat('x', 10_000);
        LineReader reader = new LineReader(new ByteArrayInputStream(pipelined));
        int limit = WireRules.MAX_PIPELINED_BYTES_WHILE_BLOCKED + 1;
        int total = 0;
        int n;
        while ((n = reader.fill(limit)) > 0) {
            total += n;
        }
        assertThat(n).isZero();
        assertThat(total).isEqualTo(limit);
        assertThat(reader.buffered()).isEqualTo(limit);
        assertThat(reader.buffered()).isGreaterThan(WireRules.MAX_PIPELINED_BYTES_WHILE_BLOCKED);
    }

    @Test
    void fillReportsTheEndAndKeepsBufferedBytesReadable() throws IOException {
        LineReader reader = over(bytes("ping\n_\n"));
        assertThat(reader.fill(4097)).isEqualTo(7);
        assertThat(reader.fill(4097)).isEqualTo(-1);
        assertThat(reader.isEndOfStream()).isTrue();
        assertThat(readAll(reader, 256)).containsExactly("ping", "_", "<END_OF_INPUT>");
        assertThat(reader.fill(4097)).isEqualTo(-1);
    }

    @Test
    void theBufferReturnsToItsInitialSizeAfterALongLine() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(concat(repeat('s', 60_000), bytes("\nx\n"))));
        assertThat(reader.read(WireRules.MAX_AUTH_TOKEN_BYTES)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineBuffer().length).isGreaterThan(60_000);
        assertThat(reader.read(256)).isEqualTo(LineStatus.LINE);
        assertThat(reader.lineAsString(StandardCharsets.US_ASCII)).isEqualTo("x");
        assertThat(reader.lineBuffer().length).isEqualTo(LineReader.DEFAULT_BUFFER_BYTES);
    }

    @Test
    void lineAccessorsCopyTheLine() throws IOException {
        LineReader reader = over(bytes("abc\n"));
        reader.read(256);
        byte[] copy = reader.lineBytes();
        assertThat(copy).containsExactly('a', 'b', 'c');
        assertThat(reader.lineByteAt(2)).isEqualTo((byte) 'c');
        assertThatThrownBy(() -> reader.lineByteAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsANegativeCapAndATinyBuffer() {
        assertThatThrownBy(() -> over(bytes("x\n")).read(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LineReader(InputStream.nullInputStream(), 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Delivers everything available per call and counts the calls. */
    private static final class CountingStream extends InputStream {
        private final ByteArrayInputStream data;
        int reads;

        CountingStream(byte[] data) {
            this.data = new ByteArrayInputStream(data);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("single-byte reads are not expected");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            return data.read(b, off, len);
        }
    }
}
