package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the TCP request decoder: coverage-guided with Jazzer over any input (see {@code docs/fuzzing.md}), and
 * seeded random runs (see {@link SeededRuns}) of valid requests. Every frame of three lines, streamed through
 * {@link RequestReader} in chunks of 1 to 17 bytes or given to {@link RequestDecoder} directly, decodes to a
 * {@link Request} or a {@link MalformedRequest} and never throws; the stream stays in three-line sync (a {@code ping}
 * frame after the fuzzed one still decodes as a ping); streaming and pure decoding agree; every accepted request
 * re-encodes to a frame that decodes to the same request; and any byte stream reads as its complete three-line frames
 * followed by an end that says whether the input was cut.
 */
class RequestDecoderFuzzTest {
    private static final byte[] SENTINEL = "ping\n_\n_\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The input's first three lines (missing ones empty) as a frame, and the whole input as a stream; the last byte
     * of the input picks the chunk size. The corpus (regression run in CI, boundary frames included) is in
     * {@code RequestDecoderFuzzTestInputs/everyFrameDecodesToATypedResultAndTheStreamStaysInSync}.
     */
    @FuzzTest
    void everyFrameDecodesToATypedResultAndTheStreamStaysInSync(FuzzedDataProvider data) throws IOException {
        int chunk = data.consumeInt(1, 17);
        byte[] input = data.consumeRemainingAsBytes();
        checkFrame(firstThreeLines(input), chunk);
        checkStream(input, chunk);
    }

    @Test
    void everyValidRequestReEncodesToItself() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            reEncodesToItself(request(random), chunk(random));
        });
    }

    private static void reEncodesToItself(Request request, int chunk) throws IOException {
        byte[] frame = RequestEncoder.encode(request);
        RequestReader reader = new RequestReader(new LineReader(new Chunks(concat(frame, SENTINEL), chunk), 16));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(request));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(new Request.Ping()));
        assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
    }

    private static void checkFrame(byte[][] lines, int chunk) throws IOException {
        RequestResult pure = RequestDecoder.decode(stripCr(lines[0]), stripCr(lines[1]), stripCr(lines[2]));
        assertThat(pure).isNotNull();
        if (pure instanceof Request request) {
            assertReEncodesToItself(request);
        }
        byte[] commandLine = stripCr(lines[0]);
        Command command = Command.lookup(commandLine, 0, commandLine.length);
        int[] caps = {WireRules.MAX_LINE_BYTES, WireRules.MAX_LINE_BYTES,
            command == null ? WireRules.MAX_LINE_BYTES : command.argumentLineCap()};
        // PROTOCOL.md §2.3: the cap counts a trailing CR; the pure decoder gets the line with it already stripped.
        for (int i = 0; i < 3; i++) {
            if (lines[i].length > caps[i]) {
                if (stripCr(lines[i]).length > caps[i]) {
                    assertThat(pure).isInstanceOf(MalformedRequest.class);
                }
                RequestReader reader = new RequestReader(new LineReader(new Chunks(wire(lines), chunk), 16));
                assertThat(reader.read()).isEqualTo(new FrameResult.LineTooLong(i));
                return;
            }
        }
        RequestReader reader = new RequestReader(new LineReader(new Chunks(concat(wire(lines), SENTINEL), chunk), 16));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(pure));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(new Request.Ping()));
        assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
    }

    /** Without an over-long line, the frames read are exactly the complete triples of lines, then the end. */
    private static void checkStream(byte[] input, int chunk) throws IOException {
        RequestReader reader = new RequestReader(new LineReader(new Chunks(input, chunk), 16));
        int frames = 0;
        FrameResult frame;
        while ((frame = reader.read()) instanceof FrameResult.Complete) {
            frames++;
        }
        if (frame instanceof FrameResult.LineTooLong) {
            return;
        }
        int lineFeeds = 0;
        for (byte b : input) {
            lineFeeds += b == '\n' ? 1 : 0;
        }
        assertThat(frames).isEqualTo(lineFeeds / 3);
        boolean cleanEnd = lineFeeds % 3 == 0 && (input.length == 0 || input[input.length - 1] == '\n');
        assertThat(frame).isEqualTo(new FrameResult.EndOfInput(!cleanEnd));
    }

    /** The first three LF-terminated (or last, unterminated) lines of {@code input}, without their LF. */
    private static byte[][] firstThreeLines(byte[] input) {
        List<byte[]> lines = new ArrayList<>(3);
        int start = 0;
        for (int i = 0; i <= input.length && lines.size() < 3; i++) {
            if (i == input.length || input[i] == '\n') {
                if (i > start || i < input.length) {
                    lines.add(Arrays.copyOfRange(input, start, i));
                }
                start = i + 1;
            }
        }
        while (lines.size() < 3) {
            lines.add(new byte[0]);
        }
        return lines.toArray(new byte[0][]);
    }

    private static byte[] wire(byte[][] lines) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            wire.writeBytes(line);
            wire.write('\n');
        }
        return wire.toByteArray();
    }

    private static void assertReEncodesToItself(Request request) throws IOException {
        byte[] frame = RequestEncoder.encode(request);
        RequestReader reader = new RequestReader(new LineReader(new Chunks(frame, 64), 16));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(request));
    }

    /** A chunk size from 1 to 17 bytes. */
    private static int chunk(Random random) {
        return 1 + random.nextInt(17);
    }

    /** A valid request of one of the thirteen shapes (equally likely) whose argument line fits its cap. */
    private static Request request(Random random) {
        while (true) {
            Request request = anyRequest(random);
            if (argumentLineFits(request)) {
                return request;
            }
        }
    }

    private static Request anyRequest(Random random) {
        switch (random.nextInt(13)) {
            case 0:
                return Request.Acquire.lock(key(random), seconds(random), lease(random));
            case 1:
                return Request.Acquire.semaphore(key(random), seconds(random), limit(random), lease(random));
            case 2:
                return Request.Release.lock(key(random), token(random));
            case 3:
                return Request.Release.semaphore(key(random), token(random));
            case 4:
                return Request.Renew.lock(key(random), token(random), lease(random));
            case 5:
                return Request.Renew.semaphore(key(random), token(random), lease(random));
            case 6:
                return Request.Enqueue.lock(key(random), lease(random));
            case 7:
                return Request.Enqueue.semaphore(key(random), limit(random), lease(random));
            case 8:
                return Request.Wait.lock(key(random), seconds(random));
            case 9:
                return Request.Wait.semaphore(key(random), seconds(random));
            case 10:
                return Request.Auth.ofBytes(nonBlankBytes(1, 80, random));
            case 11:
                return new Request.Ping();
            default:
                return new Request.Stats();
        }
    }

    /** Random bytes other than space, tab, CR and LF (1 to 24), or one of three edge keys. */
    private static WireKey key(Random random) {
        if (random.nextBoolean()) {
            byte[] key = new byte[size(1, 24, random)];
            for (int i = 0; i < key.length; i++) {
                byte b;
                do {
                    b = (byte) random.nextInt(256);
                } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
                key[i] = b;
            }
            return WireKey.ofBytes(key);
        }
        return pick(List.of(WireKey.of("k"), WireKey.of("x".repeat(256)), WireKey.ofBytes(new byte[] {0, -1})),
                random);
    }

    private static long seconds(Random random) {
        return random.nextBoolean() ? between(0, 9_223_372_036L, random)
                : pick(List.of(0L, 1L, 9_223_372_036L), random);
    }

    private static LeaseTtl lease(Random random) {
        return random.nextBoolean() ? LeaseTtl.SERVER_DEFAULT : LeaseTtl.ofSeconds(between(1, 9_223_372_036L, random));
    }

    private static int limit(Random random) {
        return random.nextBoolean() ? (int) between(1, 1_048_576, random) : pick(List.of(1, 1_048_576), random);
    }

    /** 1 to 64 Latin-1 characters, none of them LF or wire whitespace. */
    private static String token(Random random) {
        byte[] bytes = nonBlankBytes(1, 64, random);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** {@code min} to {@code max} bytes, none of them LF or wire whitespace. */
    private static byte[] nonBlankBytes(int min, int max, Random random) {
        byte[] out = new byte[size(min, max, random)];
        for (int i = 0; i < out.length; i++) {
            byte b;
            do {
                b = (byte) random.nextInt(256);
            } while (b == '\n' || WireRules.isWhitespace(b));
            out[i] = b;
        }
        return out;
    }

    /** The records allow a 256-byte token plus a lease; the client refuses such a frame (CLIENT.md §5.4). */
    private static boolean argumentLineFits(Request request) {
        byte[] frame = RequestEncoder.encode(request);
        int lastLineStart = frame.length - 1;
        while (lastLineStart > 0 && frame[lastLineStart - 1] != '\n') {
            lastLineStart--;
        }
        int cap = request instanceof Request.Auth ? WireRules.MAX_AUTH_TOKEN_BYTES : WireRules.MAX_LINE_BYTES;
        return frame.length - 1 - lastLineStart <= cap;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] stripCr(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
    }

    /** Delivers the data in chunks of a fixed size, so lines are split at every offset across the tries. */
    private static final class Chunks extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int position;

        Chunks(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
