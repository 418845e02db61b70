package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.tcp.internal.ConnectionInput.Arrival;
import io.dflockd.tcp.internal.ConnectionInput.LineEnd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receiving side of a connection over a loopback socket pair, without the rest of the server. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionInputTest {
    private static final long SOON = TimeUnit.SECONDS.toNanos(5);

    private final AtomicInteger watchFailures = new AtomicInteger();
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private final CountDownLatch watchFailed = new CountDownLatch(1);
    private ConnectionInput input;
    private ServerSocket listener;
    private Socket server;
    private OutputStream peer;
    private Socket client;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = listener.accept();
        peer = client.getOutputStream();
        InputStream in = server.getInputStream();
        input = new ConnectionInput((into, timeoutMillis) -> {
            server.setSoTimeout(timeoutMillis);
            return in.read(into);
        }, task -> {
            Thread watcher = new Thread(task, "watcher");
            watchers.add(watcher);
            watcher.start();
        }, () -> {
            watchFailures.incrementAndGet();
            watchFailed.countDown();
        });
    }

    @AfterEach
    void stop() throws Exception {
        input.close();
        client.close();
        server.close();
        listener.close();
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
        assertThat(input.wakeForDrain()).isFalse(); // nobody is blocked in an idle read
        send("t\n");
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE); // the drain does not cut a line
        assertThat(input.awaitData(deadline())).isEqualTo(Arrival.DRAINING);
    }

    @Test
    void endOfStreamEndsLinesAndWaits() throws IOException {
        send("partial");
        client.shutdownOutput();
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
    void aDrainTakesOverAHandlerBlockedInAnIdleRead() throws Exception {
        CompletableFuture<Arrival> idle = CompletableFuture.supplyAsync(() -> input.awaitData(Long.MAX_VALUE));
        await().atMost(Duration.ofSeconds(2)).until(input::wakeForDrain);
        client.close(); // the taker-over closes the socket; here the peer does, to end the blocked read
        assertThat(idle.get(5, TimeUnit.SECONDS)).isEqualTo(Arrival.TAKEN_OVER);
    }

    @Test
    void oneWatcherServesWatchAfterWatchWhileRequestsKeepComing() throws Exception {
        LineBuffer line = new LineBuffer();
        for (int i = 0; i < 50; i++) {
            assertThat(input.beginWatch()).isTrue();
            assertThat(input.endWatch()).isFalse();
            send("request-" + i + "\n");
            assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
            assertThat(new String(line.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("request-" + i);
        }
        // one watcher normally; a stall of the test thread beyond the linger time lets one end (and a new one start),
        // so allow for a few such stalls. Without lingering it is one watcher per watch: 50.
        assertThat(watchers).as("a watcher that keeps receiving bytes lingers instead of a new one per watch")
                .hasSizeLessThanOrEqualTo(25);
    }

    @Test
    void aLingeringWatcherDoesNotReadAFloodAheadOfTheHandler() throws Exception {
        assertThat(input.beginWatch()).isTrue();
        assertThat(input.endWatch()).isFalse();
        byte[] flood = new byte[32 << 20]; // far more than the loopback socket buffers hold
        java.util.Arrays.fill(flood, (byte) 'x');
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                peer.write(flood);
                peer.write('\n');
                peer.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> !watchers.get(0).isAlive());
        assertThat(sent).as("the socket buffers fill up: the rest waits for the handler's own reads").isNotDone();

        LineBuffer line = new LineBuffer();
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.TOO_LONG);
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLingeringWatcherHandsTheReadBackAndItsBytesAreKept() throws Exception {
        assertThat(input.beginWatch()).isTrue();
        assertThat(input.endWatch()).isFalse();
        send("after\n"); // read by the watcher if it is still lingering, else by the handler
        LineBuffer line = new LineBuffer();
        assertThat(input.readLine(line, 256, deadline())).isEqualTo(LineEnd.LINE);
        assertThat(new String(line.toBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("after");
        assertThat(input.beginWatch()).isTrue(); // a new watch after the old watcher left
        client.shutdownOutput();
        assertThat(watchFailed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(input.endWatch()).isTrue();
    }

    @Test
    void aWatchFailsOnEndOfStreamAndAnEndedWatchDoesNot() throws Exception {
        assertThat(input.beginWatch()).isTrue();
        assertThat(input.endWatch()).isFalse();
        assertThat(input.beginWatch()).isTrue();
        client.shutdownOutput();
        assertThat(watchFailed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(input.endWatch()).isTrue();
    }
}
