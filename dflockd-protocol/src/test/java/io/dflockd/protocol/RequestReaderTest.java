package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static io.dflockd.protocol.TestStreams.concat;
import static io.dflockd.protocol.TestStreams.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";

    private static RequestReader over(byte[] data) {
        return new RequestReader(new LineReader(new ByteArrayInputStream(data)));
    }

    private static RequestReader oneByteAtATime(byte[] data) {
        return new RequestReader(new LineReader(new TestStreams.OneByteAtATime(data), 16));
    }

    private static RequestResult complete(FrameResult frame) {
        assertThat(frame).isInstanceOf(FrameResult.Complete.class);
        return ((FrameResult.Complete) frame).result();
    }

    @Test
    void readsPipelinedRequestsInOrder() throws IOException {
        RequestReader reader = over(bytes("ping\n_\n_\nl\njob\n0\nping\n_\n_\n"));
        assertThat(complete(reader.read())).isEqualTo(new Request.Ping());
        assertThat(complete(reader.read()))
                .isEqualTo(Request.Acquire.lock(WireKey.of("job"), 0, LeaseTtl.SERVER_DEFAULT));
        assertThat(complete(reader.read())).isEqualTo(new Request.Ping());
        assertThat(reader.read()).isEqualTo(new FrameResult.EndOfInput(false));
    }

    @Test
    void crlfFramesAreAccepted() throws IOException {
        // P-1
        assertThat(complete(over(bytes("l\r\nk\r\n0\r\n")).read()))
                .isEqualTo(Request.Acquire.lock(WireKey.of("k"), 0, LeaseTtl.SERVER_DEFAULT));
    }

    @Test
    void badFramesConsumeExactlyThreeLinesSoTheNextFrameIsInSync() throws IOException {
        // P-4, P-15: unknown command, bad key, bad args, and a frame of three blank lines.
        RequestReader reader = over(bytes("frobnicate\nx\ny\nl\nmy key\n5\nw\nk\n10 20\n\n\n\nping\n_\n_\n"));
        assertThat(((MalformedRequest) complete(reader.read())).error()).isEqualTo(ProtocolError.UNKNOWN_COMMAND);
        assertThat(((MalformedRequest) complete(reader.read())).error()).isEqualTo(ProtocolError.INVALID_KEY);
        assertThat(((MalformedRequest) complete(reader.read())).error()).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(((MalformedRequest) complete(reader.read())).error()).isEqualTo(ProtocolError.UNKNOWN_COMMAND);
        assertThat(complete(reader.read())).isEqualTo(new Request.Ping());
    }

    @Test
    void emptyKeyAndArgumentLinesAreFineForPing() throws IOException {
        assertThat(complete(over(bytes("ping\n\n\n")).read())).isEqualTo(new Request.Ping());
        assertThat(complete(over(bytes("stats\n_\n\n")).read())).isEqualTo(new Request.Stats());
    }

    @Test
    void aTooLongLineIsReportedWithItsIndexAndCanBeDiscarded() throws IOException {
        // P-2 and §12.9: "l\n" + 257 x "k" + "\n"
        RequestReader reader = over(concat(bytes("l\n"), repeat('k', 257), bytes("\n0\n")));
        assertThat(reader.read()).isEqualTo(new FrameResult.LineTooLong(1));
        assertThat(reader.discardLine()).isTrue();
        assertThat(reader.lines().buffered()).isEqualTo(2);

        assertThat(over(concat(repeat('l', 257), bytes("\n"))).read()).isEqualTo(new FrameResult.LineTooLong(0));
        assertThat(over(concat(bytes("l\nk\n"), repeat('1', 257), bytes("\n"))).read())
                .isEqualTo(new FrameResult.LineTooLong(2));
    }

    @Test
    void keysAt256BytesAndWith255PlusCrAreAccepted() throws IOException {
        // P-2
        byte[] key = repeat('k', 256);
        assertThat(complete(over(concat(bytes("l\n"), key, bytes("\n0\n"))).read()))
                .isEqualTo(Request.Acquire.lock(WireKey.ofBytes(key), 0, LeaseTtl.SERVER_DEFAULT));
        byte[] shorter = repeat('k', 255);
        assertThat(complete(over(concat(bytes("l\n"), shorter, bytes("\r\n0\n"))).read()))
                .isEqualTo(Request.Acquire.lock(WireKey.ofBytes(shorter), 0, LeaseTtl.SERVER_DEFAULT));
    }

    @Test
    void theAuthArgumentLineHasTheLargeCapAndOtherCommandsDoNot() throws IOException {
        // P-3
        byte[] secret = repeat('s', 65_536);
        RequestReader reader = over(concat(bytes("auth\n_\n"), secret, bytes("\nping\n_\n_\n")));
        assertThat(complete(reader.read())).isEqualTo(Request.Auth.ofBytes(secret));
        assertThat(complete(reader.read())).isEqualTo(new Request.Ping());

        assertThat(over(concat(bytes("auth\n_\n"), repeat('s', 65_537), bytes("\n"))).read())
                .isEqualTo(new FrameResult.LineTooLong(2));
        assertThat(over(concat(bytes("r\nk\n"), repeat('s', 257), bytes("\n"))).read())
                .isEqualTo(new FrameResult.LineTooLong(2));
        assertThat(over(concat(bytes("frobnicate\nk\n"), repeat('s', 257), bytes("\n"))).read())
                .isEqualTo(new FrameResult.LineTooLong(2));
    }

    @Test
    void theKeyLineCapAppliesEvenWhenTheKeyIsIgnored() throws IOException {
        assertThat(over(concat(bytes("auth\n"), repeat('k', 257), bytes("\ns\n"))).read())
                .isEqualTo(new FrameResult.LineTooLong(1));
    }

    @Test
    void aFrameCutShortIsEndOfInputMidFrame() throws IOException {
        assertThat(over(bytes("")).read()).isEqualTo(new FrameResult.EndOfInput(false));
        assertThat(over(bytes("pi")).read()).isEqualTo(new FrameResult.EndOfInput(true));
        assertThat(over(bytes("ping\n")).read()).isEqualTo(new FrameResult.EndOfInput(true));
        assertThat(over(bytes("ping\n_\n")).read()).isEqualTo(new FrameResult.EndOfInput(true));
        assertThat(over(bytes("ping\n_\n_")).read()).isEqualTo(new FrameResult.EndOfInput(true));
    }

    @Test
    void byteAtATimeDeliveryDecodesTheSameFrames() throws IOException {
        byte[] data = bytes("l\r\nbuild-cache\r\n10 60\r\nsl\nrate\n10 5\nr\njob\n" + T1 + "\nauth\n_\ns3cret\n"
                + "e\nmigrate\n\nfrobnicate\nx\ny\nstats\n_\n_\n");
        RequestReader reader = oneByteAtATime(data);
        List<RequestResult> results = new ArrayList<>();
        FrameResult frame;
        while ((frame = reader.read()) instanceof FrameResult.Complete) {
            results.add(((FrameResult.Complete) frame).result());
        }
        assertThat(frame).isEqualTo(new FrameResult.EndOfInput(false));
        assertThat(results).hasSize(7);
        assertThat(results.get(0))
                .isEqualTo(Request.Acquire.lock(WireKey.of("build-cache"), 10, LeaseTtl.ofSeconds(60)));
        assertThat(results.get(1))
                .isEqualTo(Request.Acquire.semaphore(WireKey.of("rate"), 10, 5, LeaseTtl.SERVER_DEFAULT));
        assertThat(results.get(2)).isEqualTo(Request.Release.lock(WireKey.of("job"), T1));
        assertThat(results.get(3)).isEqualTo(Request.Auth.of("s3cret"));
        assertThat(results.get(4)).isEqualTo(Request.Enqueue.lock(WireKey.of("migrate"), LeaseTtl.SERVER_DEFAULT));
        assertThat(((MalformedRequest) results.get(5)).error()).isEqualTo(ProtocolError.UNKNOWN_COMMAND);
        assertThat(results.get(6)).isEqualTo(new Request.Stats());
    }

    @Test
    void theKeySurvivesABufferMoveBetweenLines() throws IOException {
        // A 16-byte buffer forces compaction and growth between the key line and the argument line.
        byte[] key = repeat('k', 200);
        RequestReader reader = oneByteAtATime(concat(bytes("l\n"), key, bytes("\n"), bytes("10 60\n")));
        assertThat(complete(reader.read()))
                .isEqualTo(Request.Acquire.lock(WireKey.ofBytes(key), 10, LeaseTtl.ofSeconds(60)));
    }

    @Test
    void theListenerIsCalledBeforeEachLine() throws IOException {
        List<String> events = new ArrayList<>();
        InputStream stream = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(bytes("ping\n_\n_\n"));

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, Math.min(len, 2));
                events.add("read " + n);
                return n;
            }
        };
        RequestReader reader = new RequestReader(new LineReader(stream));
        assertThat(complete(reader.read(index -> events.add("line " + index)))).isEqualTo(new Request.Ping());
        // Two bytes per read: "pi" "ng" "\n_" | "\n_" | "\n"; each line is announced before its first read.
        assertThat(events).containsExactly("line 0", "read 2", "read 2", "read 2", "line 1", "read 2", "line 2",
                "read 1");
    }

    @Test
    void anExceptionFromTheListenerPropagates() {
        RequestReader reader = over(bytes("ping\n_\n_\n"));
        assertThatThrownBy(() -> reader.read(index -> {
            if (index == 2) {
                throw new IOException("deadline");
            }
        })).isInstanceOf(IOException.class).hasMessage("deadline");
    }
}
