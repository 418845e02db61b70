package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.tcp.internal.ConnectionInput.Arrival;
import io.dflockd.tcp.internal.ConnectionInput.LineEnd;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receiving side of a connection, fed through a pipe instead of a socket. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionInputTest {
    private static final long SOON = TimeUnit.SECONDS.toNanos(5);

    private final AtomicInteger watchFailures = new AtomicInteger();
    private final CountDownLatch watchFailed = new CountDownLatch(1);
    private ConnectionInput input;
    private PipedOutputStream peer;
    private Thread reader;

    @BeforeEach
    void start() throws IOException {
        input = new ConnectionInput(() -> {
            watchFailures.incrementAndGet();
            watchFailed.countDown();
        });
        peer = new PipedOutputStream();
        PipedInputStream socketSide = new PipedInputStream(peer, 64 * 1024);
        reader = new Thread(() -> input.pump(socketSide));
        reader.start();
    }

    @AfterEach
    void stop() throws Exception {
        input.close();
        peer.close();
        reader.join(5000);
    }

    private void send(String text) throws IOException {
        peer.write(text.getBytes(StandardCharsets.ISO_8859_1));
        peer.flush();
    }

    private static long deadline() {
        return System.nanoTime() + SOON;
    }

    @Test
    void linesAreSplitOnLfAndKeepTheirCr() throws IOException {
        LineBuffer line = new LineBuffer();
        send("ab\r\n\ncd\n");
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(new String(line.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("ab\r");
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(line.length()).isZero();
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(new String(line.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("cd");
    }

    @Test
    void aLineOverItsCapIsDiscardedUpToItsLf() throws IOException {
        LineBuffer line = new LineBuffer();
        send("x".repeat(256) + "\n" + "y".repeat(257) + "\nnext\n");
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(line.length()).isEqualTo(256);
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.TOO_LONG);
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(new String(line.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("next");
    }

    @Test
    void aLongLineArrivingInPiecesIsAssembledPastTheReadAhead() throws IOException {
        LineBuffer line = new LineBuffer();
        send("t".repeat(65_536) + "\n");
        assertThat(input.readLine(line, 65_536, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(line.length()).isEqualTo(65_536);
    }

    @Test
    void deadlinesEndWaitsAndBufferedBytesWinOverEverything() throws IOException {
        LineBuffer line = new LineBuffer();
        long past = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        assertThat(input.awaitData(past)).isEqualTo(Arrival.TIMEOUT);
        send("par");
        assertThat(input.awaitData(deadline())).isEqualTo(Arrival.DATA);
        assertThat(input.readLine(line, 256, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50)))
                .isEqualTo(LineEnd.TIMEOUT);
        input.wakeForDrain();
        send("t\n");
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE); // the drain does not cut a line
        assertThat(input.awaitData(deadline())).isEqualTo(Arrival.DRAINING);
    }

    @Test
    void endOfStreamEndsLinesAndWaits() throws IOException {
        send("partial");
        peer.close();
        LineBuffer line = new LineBuffer();
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.END);
        assertThat(input.awaitData(deadline())).isEqualTo(Arrival.END);
        assertThat(input.beginWatch()).isFalse();
    }

    @Test
    void aWatchFailsOnMoreThan4096FurtherBytesButNotOn4096() throws Exception {
        send("x".repeat(5000) + "\n"); // read before the watch: does not count
        assertThat(input.readLine(new LineBuffer(), 5000, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(input.beginWatch()).isTrue();
        send("y".repeat(4096));
        assertThat(watchFailed.await(200, TimeUnit.MILLISECONDS)).isFalse();
        send("z");
        assertThat(watchFailed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(input.endWatch()).isTrue();
        assertThat(watchFailures).hasValue(1);
    }

    @Test
    void aWatchFailsOnEndOfStreamAndAnEndedWatchDoesNot() throws Exception {
        assertThat(input.beginWatch()).isTrue();
        assertThat(input.endWatch()).isFalse();
        assertThat(input.beginWatch()).isTrue();
        peer.close();
        assertThat(watchFailed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(input.endWatch()).isTrue();
    }
}
