package io.dflockd.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.Session;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the dispatcher watches the connection's input: only for a call that really waits. A watch costs a thread, so a
 * request answered at once must not start one (issue 6: it was the main per-request cost of the TCP server).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CommandDispatcherTest {
    private final LockManager manager = LockManager.create(LockManagerConfig.defaults());
    private final CommandDispatcher dispatcher = new CommandDispatcher(manager);
    private final AtomicInteger watchersStarted = new AtomicInteger();
    private final CountDownLatch peerGone = new CountDownLatch(1);
    private final Session session = manager.openSession();
    /** A peer that sends nothing until the test ends; then its stream ends. */
    private final ConnectionInput input = new ConnectionInput((into, timeoutMillis) -> {
        try {
            return peerGone.await(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS) ? -1 : timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }, task -> {
        watchersStarted.incrementAndGet();
        new Thread(task, "test-watcher").start();
    }, session::close);

    private static int timedOut() throws java.net.SocketTimeoutException {
        throw new java.net.SocketTimeoutException("no byte yet");
    }

    @AfterEach
    void stop() {
        peerGone.countDown();
        input.close();
        session.close();
        manager.close();
    }

    @Test
    void anAcquireGrantedAtOnceStartsNoWatcher() {
        for (int i = 0; i < 20; i++) {
            String reply = dispatch("l", "free-" + i, "5");
            assertThat(reply).startsWith("ok ");
        }
        assertThat(watchersStarted).hasValue(0);
    }

    @Test
    void aTwoPhaseWaitForAGrantAlreadyPromotedStartsNoWatcher() {
        assertThat(dispatch("e", "k", "")).startsWith("acquired ");
        assertThat(dispatch("w", "k", "5")).startsWith("ok ");
        assertThat(watchersStarted).hasValue(0);
    }

    @Test
    void anAcquireThatQueuesIsWatchedAndAnsweredWhenGranted() throws Exception {
        Session holder = manager.openSession();
        try {
            String grant = dispatch(holder, "l", "hot", "5");
            String token = grant.split(" ")[1];
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> dispatch("l", "hot", "5"));
            await().atMost(Duration.ofSeconds(5)).until(() -> watchersStarted.get() == 1);
            assertThat(queued).isNotDone();

            assertThat(dispatch(holder, "r", "hot", token)).isEqualTo("ok\n");

            assertThat(queued.get(5, TimeUnit.SECONDS)).startsWith("ok ");
            assertThat(watchersStarted).hasValue(1);
        } finally {
            holder.close();
        }
    }

    @Test
    void aQueuedAcquireWhosePeerLeavesGetsNoReplyAndLeavesNoWaiter() throws Exception {
        Session holder = manager.openSession();
        try {
            dispatch(holder, "l", "hot", "5");
            CompletableFuture<Optional<byte[]>> queued = CompletableFuture.supplyAsync(
                    () -> dispatcher.dispatch(frame("l", "hot", "5"), session, input));
            await().atMost(Duration.ofSeconds(5)).until(() -> watchersStarted.get() == 1);

            peerGone.countDown(); // the watcher sees the end of the stream and closes the session

            assertThat(queued.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(manager.stats().locks()).singleElement()
                    .satisfies(lock -> assertThat(lock.waiters()).as("waiters left on the key").isZero());
        } finally {
            holder.close();
        }
    }

    private String dispatch(String command, String key, String argument) {
        return dispatch(session, command, key, argument);
    }

    private String dispatch(Session on, String command, String key, String argument) {
        Optional<byte[]> reply = dispatcher.dispatch(frame(command, key, argument), on, input);
        assertThat(reply).as("a reply to %s %s", command, key).isPresent();
        return new String(reply.get(), StandardCharsets.UTF_8);
    }

    private static FrameReader.Frame frame(String command, String key, String argument) {
        return new FrameReader.Frame(bytes(command), bytes(key), bytes(argument));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
