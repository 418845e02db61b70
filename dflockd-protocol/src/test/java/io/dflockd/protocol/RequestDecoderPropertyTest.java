package io.dflockd.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based fuzzing of the TCP request decoder (jqwik; see {@code docs/fuzzing.md} for long runs). Every frame of
 * three lines, streamed through {@link RequestReader} in random chunks or given to {@link RequestDecoder} directly,
 * decodes to a {@link Request} or a {@link MalformedRequest} and never throws; the stream stays in three-line sync (a
 * {@code ping} frame after the fuzzed one still decodes as a ping); streaming and pure decoding agree; and every
 * accepted request re-encodes to a frame that decodes to the same request.
 */
class RequestDecoderPropertyTest {
    private static final byte[] SENTINEL = "ping\n_\n_\n".getBytes(StandardCharsets.US_ASCII);

    private static final List<String> COMMANDS = List.of("l", "sl", "r", "sr", "n", "sn", "e", "se", "w", "sw",
            "ping", "stats", "auth", "L", "", "x", "pingx", "st", "l ", " l", "l\r", "\u00FFl");
    private static final List<String> KEYS = List.of("k", "deploy-job", "_", "", "a b", "a\tb", "\u000B", "\u0000",
            "k\r", "k\r\r", "\u00FF\u00C3", "x".repeat(256), "x".repeat(257));
    private static final List<String> FIELDS = List.of("0", "1", "10", "60", "+5", "-0", "-1", "007", "9223372036",
            "9223372037", "1048576", "1048577", "9223372036854775807", "9223372036854775808", "1.5", "0x10", "10s",
            "", "18ae810e00bf807b3f9c2a71d04e8b56", "\u001C", "\u000B5", "\u0085", "\u00A0", "\r", "x".repeat(257));
    private static final List<String> SEPARATORS = List.of(" ", " ", "  ", "\t", " \t", "\f", "\u000B");

    @Property
    void everyFrameDecodesToATypedResultAndTheStreamStaysInSync(@ForAll("frames") byte[][] lines,
                                                                @ForAll @IntRange(min = 1, max = 17) int chunk)
            throws IOException {
        checkFrame(lines, chunk);
    }

    @Property
    void everyValidRequestReEncodesToItself(@ForAll("requests") Request request,
                                            @ForAll @IntRange(min = 1, max = 17) int chunk) throws IOException {
        byte[] frame = RequestEncoder.encode(request);
        RequestReader reader = new RequestReader(new LineReader(new Chunks(concat(frame, SENTINEL), chunk), 16));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(request));
        assertThat(reader.read()).isEqualTo(new FrameResult.Complete(new Request.Ping()));
        assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
    }

    /** Regression seeds: shapes that sit on a boundary of the decoder (range ends, CR handling, field counts). */
    @Example
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

    @Provide
    Arbitrary<byte[][]> frames() {
        Arbitrary<byte[]> command = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(COMMANDS).map(RequestDecoderPropertyTest::latin1)),
                Tuple.of(1, rawLine(8)));
        Arbitrary<byte[]> key = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(KEYS).map(RequestDecoderPropertyTest::latin1)),
                Tuple.of(2, rawLine(300)));
        Arbitrary<byte[]> argument = Arbitraries.frequencyOf(
                Tuple.of(6, fieldLine()),
                Tuple.of(1, rawLine(300)));
        return Combinators.combine(command, key, argument).as((c, k, a) -> new byte[][] {c, k, a});
    }

    /** Zero to four corpus fields joined by corpus separators, with optional leading and trailing whitespace. */
    private static Arbitrary<byte[]> fieldLine() {
        Arbitrary<String> joined = Combinators.combine(Arbitraries.of(FIELDS), Arbitraries.of(SEPARATORS))
                .as((f, s) -> s + f).list().ofMaxSize(4)
                .map(parts -> String.join("", parts));
        return Combinators.combine(joined, Arbitraries.of("", " ", "\t", "\r"), Arbitraries.of(true, false))
                .as((body, tail, stripHead) -> (stripHead && !body.isEmpty() ? body.substring(1) : body) + tail)
                .map(RequestDecoderPropertyTest::latin1);
    }

    /** Arbitrary bytes except LF (an LF would end the line), biased to the decoder's interesting ones. */
    private static Arbitrary<byte[]> rawLine(int maxLength) {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) ' ', (byte) '\t', (byte) '\r', (byte) '0', (byte) '9',
                (byte) '-', (byte) '+', (byte) 'l', (byte) 0, (byte) 0x0B, (byte) 0x80, (byte) 0xFF);
        Arbitrary<Byte> any = Arbitraries.bytes().filter(b -> b != '\n');
        return Arbitraries.frequencyOf(Tuple.of(1, interesting), Tuple.of(1, any))
                .list().ofMaxSize(maxLength).map(RequestDecoderPropertyTest::toBytes);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<WireKey> key = Arbitraries.oneOf(
                Arbitraries.bytes().filter(b -> b != ' ' && b != '\t' && b != '\r' && b != '\n')
                        .list().ofMinSize(1).ofMaxSize(24).map(bytes -> WireKey.ofBytes(toBytes(bytes))),
                Arbitraries.of(WireKey.of("k"), WireKey.of("x".repeat(256)), WireKey.ofBytes(new byte[] {0, -1})));
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(0, 9_223_372_036L),
                Arbitraries.of(0L, 1L, 9_223_372_036L));
        Arbitrary<LeaseTtl> lease = Arbitraries.oneOf(Arbitraries.just(LeaseTtl.SERVER_DEFAULT),
                Arbitraries.longs().between(1, 9_223_372_036L).map(LeaseTtl::ofSeconds));
        Arbitrary<Integer> limit = Arbitraries.oneOf(Arbitraries.integers().between(1, 1_048_576),
                Arbitraries.of(1, 1_048_576));
        Arbitrary<String> token = Arbitraries.chars().range('\u0000', '\u00FF')
                .filter(c -> c != '\n' && !WireRules.isWhitespace((byte) c.charValue())).list().ofMinSize(1).ofMaxSize(64)
                .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
        return Arbitraries.oneOf(
                Combinators.combine(key, seconds, lease).as(Request.Acquire::lock),
                Combinators.combine(key, seconds, limit, lease).as(Request.Acquire::semaphore),
                Combinators.combine(key, token).as(Request.Release::lock),
                Combinators.combine(key, token).as(Request.Release::semaphore),
                Combinators.combine(key, token, lease).as(Request.Renew::lock),
                Combinators.combine(key, token, lease).as(Request.Renew::semaphore),
                Combinators.combine(key, lease).as(Request.Enqueue::lock),
                Combinators.combine(key, limit, lease).as(Request.Enqueue::semaphore),
                Combinators.combine(key, seconds).as(Request.Wait::lock),
                Combinators.combine(key, seconds).as(Request.Wait::semaphore),
                Arbitraries.bytes().filter(b -> b != '\n' && !WireRules.isWhitespace(b)).list().ofMinSize(1).ofMaxSize(80)
                        .map(bytes -> Request.Auth.ofBytes(toBytes(bytes))),
                Arbitraries.just(new Request.Ping()),
                Arbitraries.just(new Request.Stats()))
                .filter(RequestDecoderPropertyTest::argumentLineFits);
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

    private static byte[] toBytes(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
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
