package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client process killed with SIGKILL while it holds a lock (issue 7, Faults): the kernel resets its connection,
 * the server cleans up, and the next waiter is granted at once with auto-release, or when the lease ends (TTL plus
 * at most one sweep interval) without it.
 */
@Timeout(60)
class ClientKillIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClientKillIT.class);

    @Test
    void aHolderProcessKilledWithSigkillIsReleasedAtOnceToTheNextWaiter() {
        try (ServerProcess server = ServerProcess.startJar("--port", "0");
                LineClient waiter = LineClient.connect(server.tcpPort());
                LineClient observer = LineClient.connect(server.tcpPort());
                HolderProcess holder = HolderProcess.start(server.tcpPort(), "sigkill-auto", 60)) {
            String held = holder.awaitToken();
            waiter.frame("l", "sigkill-auto", "30 60");
            await().atMost(Duration.ofSeconds(10)).until(() -> stats(observer)
                    .matches("(?s).*\"key\":\"sigkill-auto\",\"owner_conn_id\":[1-9][0-9]*,[^}]*\"waiters\":1}.*"));

            long killed = System.nanoTime();
            holder.kill();
            String grant = await().atMost(LatencyProbe.PROMPTLY).until(waiter::readLine, Objects::nonNull);
            LOG.info("SIGKILLed holder, auto-release on: next waiter granted {} ms after the kill",
                    millisSince(killed));

            assertThat(grant).matches(LineClient.GRANT);
            assertThat(Long.compareUnsigned(fence(grant.split(" ")[1]), fence(held))).isPositive();
        }
    }

    @Test
    void withoutAutoReleaseTheSlotOfAKilledHolderIsFreedWhenItsLeaseEnds() {
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--auto-release-on-disconnect=false",
                "--lease-sweep-interval", "1");
                LineClient waiter = LineClient.connect(server.tcpPort());
                LineClient observer = LineClient.connect(server.tcpPort())) {
            long holderStarted;
            long killed;
            try (HolderProcess holder = HolderProcess.start(server.tcpPort(), "sigkill-lease", 2)) {
                holderStarted = holder.started;
                holder.awaitToken();
                waiter.frame("l", "sigkill-lease", "30 60");
                await().atMost(Duration.ofSeconds(10)).until(() -> stats(observer).contains("\"waiters\":1}"));
                killed = System.nanoTime();
                holder.kill();
            }
            await().atMost(LatencyProbe.PROMPTLY).until(() -> stats(observer).startsWith("ok {\"connections\":2,"));
            assertThat(stats(observer)).as("the disconnect is noticed but the slot stays held")
                    .matches("ok .*\"key\":\"sigkill-lease\",\"owner_conn_id\":[1-9][0-9]*,[^}]*\"waiters\":1}.*");

            Duration ttlPlusSweep = Duration.ofSeconds(2 + 1);
            String grant = await().atMost(ttlPlusSweep.plus(LatencyProbe.PROMPTLY)).until(waiter::readLine,
                    Objects::nonNull);
            long sinceHolderStart = millisSince(holderStarted);
            LOG.info("SIGKILLed holder, auto-release off, 2 s lease, 1 s sweep: next waiter granted {} ms after the"
                    + " kill ({} ms after the holder process was started)", millisSince(killed), sinceHolderStart);

            assertThat(grant).matches(LineClient.GRANT);
            assertThat(sinceHolderStart).as("not before the 2 s lease, which began after the process started")
                    .isGreaterThanOrEqualTo(2_000);
        }
    }

    private static String stats(LineClient observer) {
        return observer.request("stats", "_", "_");
    }

    private static long fence(String token) {
        return Long.parseUnsignedLong(token.substring(0, 16), 16);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** {@link HolderMain} in its own JVM, with the test's class path; its stdout goes to a file. */
    private static final class HolderProcess implements AutoCloseable {
        private final Process process;
        private final Path stdout;
        final long started;

        private HolderProcess(Process process, Path stdout, long started) {
            this.process = process;
            this.stdout = stdout;
            this.started = started;
        }

        static HolderProcess start(int port, String key, int leaseSeconds) {
            try {
                Path stdout = Files.createTempFile("dflockd-holder-", ".stdout");
                long started = System.nanoTime();
                Process process = new ProcessBuilder(List.of(ServerProcess.java(), "-cp",
                        System.getProperty("java.class.path"), HolderMain.class.getName(), Integer.toString(port),
                        key, Integer.toString(leaseSeconds)))
                        .redirectOutput(stdout.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                return new HolderProcess(process, stdout, started);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the holder's grant line and returns its token. */
        String awaitToken() {
            String line = await().atMost(Duration.ofSeconds(30))
                    .failFast("holder process ended", () -> !process.isAlive())
                    .until(this::firstLine, text -> text.endsWith("\n"));
            assertThat(line.strip()).matches(LineClient.GRANT);
            return line.split(" ")[1];
        }

        private String firstLine() throws IOException {
            return Files.readString(stdout, StandardCharsets.US_ASCII);
        }

        /** SIGKILL, then waits until the process is gone. */
        void kill() {
            process.destroyForcibly();
            try {
                assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("holder process gone").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                Files.deleteIfExists(stdout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
