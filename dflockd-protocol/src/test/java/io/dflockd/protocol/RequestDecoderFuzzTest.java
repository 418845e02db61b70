package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the TCP request decoder (seeded random runs, see {@link SeededRuns}; see
 * {@code docs/fuzzing.md} for long runs). Every frame of three lines, streamed through {@link RequestReader} in
 * random chunks or given to {@link RequestDecoder} directly, decodes to a {@link Request} or a
 * {@link MalformedRequest} and never throws; the stream stays in three-line sync (a {@code ping} frame after the
 * fuzzed one still decodes as a ping); streaming and pure decoding agree; and every accepted request re-encodes to a
 * frame that decodes to the same request.
 */
class RequestDecoderFuzzTest {
    private static final byte[] SENTINEL = "ping\n_\n_\n".getBytes(StandardCharsets.US_ASCII);

    private static final List<String> COMMANDS = List.of("l", "sl", "r", "sr", "n", "sn", "e", "se", "w", "sw",
            "ping", "stats", "auth", "L", "", "x", "pingx", "st", "l ", " l", "l\r", "\u00FFl");
    private static final List<String> KEYS = List.of("k", "deploy-job", "_", "", "a b", "a\tb", "\u000B", "\u0000",
            "k\r", "k\r\r", "\u00FF\u00C3", "x".repeat(256), "x".repeat(257));
    private static final List<String> FIELDS = List.of("0", "1", "10", "60", "+5", "-0", "-1", "007", "9223372036",
            "9223372037", "1048576", "1048577", "9223372036854775807", "9223372036854775808", "1.5", "0x10", "10s",
            "", "18ae810e00bf807b3f9c2a71d04e8b56", "\u001C", "\u000B5", "\u0085", "\u00A0", "\r", "x".repeat(257));
    private static final List<String> SEPARATORS = List.of(" ", " ", "  ", "\t", " \t", "\f", "\u000B");

    @Test
    void everyFrameDecodesToATypedResultAndTheStreamStaysInSync() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            checkFrame(frame(random), chunk(random));
        });
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

    /** Regression seeds: shapes that sit on a boundary of the decoder (range ends, CR handling, field counts). */
    @Test
    void boundaryFramesStayTyped() throws IOException {
        String[][] frames = {
            {"l", "k", "9223372036 9223372036"}, {"sl", "k", "0 1048576 1"}, {"sl", "k", "0 1048577"},
            {"n", "k", " \t "}, {"r", "k\r", "t\r"}, {"auth", "_", "x".repeat(65_536)}, {"e", "k", ""},
            {"se", "k", "1 2 3"}, {"w", "k", "-0"}, {"l", "x".repeat(256), "0"}, {"stats", "\u0000", "whatever"},
            {"l", "x".repeat(256) + "\r", "0"}, {"l", "x".repeat(255) + "\r", "0\r"}, {"l\r", "k", "0"},
        };
        for (String[] frame : frames) {
            byte[][] lines = new byte[3][];
            for (int i = 0; i < 3; i++) {
                lines[i] = frame[i].getBytes(StandardCharsets.ISO_8859_1);
            }
            checkFrame(lines, 3);
        }
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

    /** Command, key and argument lines: mostly from the corpora, sometimes raw bytes (6:1, 5:2, 6:1). */
    private static byte[][] frame(Random random) {
        byte[] command = random.nextInt(7) < 6 ? latin1(pick(COMMANDS, random)) : rawLine(8, random);
        byte[] key = random.nextInt(7) < 5 ? latin1(pick(KEYS, random)) : rawLine(300, random);
        byte[] argument = random.nextInt(7) < 6 ? fieldLine(random) : rawLine(300, random);
        return new byte[][] {command, key, argument};
    }

    /** Zero to four corpus fields joined by corpus separators, with optional leading and trailing whitespace. */
    private static byte[] fieldLine(Random random) {
        StringBuilder joined = new StringBuilder();
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
            joined.append(pick(SEPARATORS, random)).append(pick(FIELDS, random));
        }
        String body = joined.toString();
        String tail = pick(List.of("", " ", "\t", "\r"), random);
        boolean stripHead = random.nextBoolean();
        return latin1((stripHead && !body.isEmpty() ? body.substring(1) : body) + tail);
    }

    /** Arbitrary bytes except LF (an LF would end the line), half of them from the decoder's interesting ones. */
    private static byte[] rawLine(int maxLength, Random random) {
        byte[] interesting = {(byte) ' ', (byte) '\t', (byte) '\r', (byte) '0', (byte) '9', (byte) '-', (byte) '+',
            (byte) 'l', (byte) 0, (byte) 0x0B, (byte) 0x80, (byte) 0xFF};
        byte[] line = new byte[size(0, maxLength, random)];
        for (int i = 0; i < line.length; i++) {
            line[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : byteOtherThan(random);
        }
        return line;
    }

    private static byte byteOtherThan(Random random) {
        while (true) {
            byte b = (byte) random.nextInt(256);
            if (b != '\n') {
                return b;
            }
        }
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

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
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
