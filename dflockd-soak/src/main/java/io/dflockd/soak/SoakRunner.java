package io.dflockd.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.http.HttpApiConfig;
import io.dflockd.http.HttpApiServer;
import io.dflockd.tcp.TcpServer;
import io.dflockd.tcp.TcpServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one soak: one in-process {@link LockManager} with the TCP and HTTP adapters on 127.0.0.1 (ephemeral ports),
 * {@link SoakConfig#clients()} clients spread over the three doors, then the end-of-run idleness checks and the
 * {@link HistoryChecker}.
 *
 * <p>Server settings: short leases (clients ask for 1–3 s), a 250 ms lease sweep, and the collector every 500 ms
 * with no idle grace, so keys are collected and re-created during the run too.
 */
public final class SoakRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SoakRunner.class);
    /** Longest blocking call a client makes (acquire/wait timeouts are at most 2 s) plus generous slack. */
    private static final Duration CLIENT_DRAIN = Duration.ofSeconds(60);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(15);

    private SoakRunner() {
    }

    /** Runs the soak described by {@code config} and returns its report. Blocks for about the configured duration. */
    public static SoakReport run(SoakConfig config) throws IOException, InterruptedException {
        LockManagerConfig engineConfig = LockManagerConfig.builder()
                .defaultLeaseTtl(Duration.ofSeconds(2))
                .leaseSweepInterval(Duration.ofMillis(250))
                .gcInterval(Duration.ofMillis(500))
                .gcMaxIdle(Duration.ZERO)
                .autoReleaseOnSessionEnd(true)
                .build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "soak-closer");
            thread.setDaemon(true);
            return thread;
        });
        try (LockManager manager = LockManager.create(engineConfig);
                TcpServer tcp = TcpServer.start(manager, TcpServerConfig.builder().host("127.0.0.1").port(0).build());
                HttpApiServer http = HttpApiServer.start(manager, HttpApiConfig.builder().host("127.0.0.1").port(0)
                        .sessionIdleTimeout(Duration.ofSeconds(60)).build())) {
            HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            ObjectMapper json = new ObjectMapper();
            String tcpAddress = "127.0.0.1:" + tcp.localAddress().getPort();
            URI httpBase = URI.create("http://127.0.0.1:" + http.localAddress().getPort());
            DoorwayOpener opener = door -> switch (door) {
                case TCP -> new TcpDoorway(tcpAddress);
                case HTTP -> new HttpDoorway(httpClient, json, httpBase);
                case EMBEDDED -> new EmbeddedDoorway(manager);
            };
            return drive(config, manager, opener, scheduler);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static SoakReport drive(SoakConfig config, LockManager manager, DoorwayOpener opener,
            ScheduledExecutorService scheduler) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + config.duration().toNanos();
        List<SoakClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Door[] doors = Door.values();
        for (int i = 0; i < config.clients(); i++) {
            SoakClient client = new SoakClient(i, doors[i % doors.length], config.keys(), opener, scheduler, deadline,
                    config.shorteningRenews(), config.seed() + i);
            clients.add(client);
            Thread thread = new Thread(client, "soak-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        LOG.info("soak: {} clients for {} on {}", config.clients(), config.duration(), config.keys());
        threads.forEach(Thread::start);
        List<Violation> endViolations = new ArrayList<>();
        long joinBy = deadline + CLIENT_DRAIN.toNanos();
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
            if (thread.isAlive()) {
                endViolations.add(new Violation(Rule.NOT_IDLE, "client " + i + " still running "
                        + CLIENT_DRAIN.toSeconds() + " s after the deadline", stackOf(thread)));
                thread.interrupt();
            }
        }
        long elapsed = System.nanoTime() - start;
        checkIdle(manager, endViolations);
        List<Op> history = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            // A client still running owns its list; its history is left out (and reported as NOT_IDLE above).
            if (!threads.get(i).isAlive()) {
                history.addAll(clients.get(i).history());
            }
            Throwable crash = clients.get(i).crash();
            if (crash != null) {
                endViolations.add(new Violation(Rule.UNEXPECTED_ANSWER, "client " + i + " crashed: " + crash,
                        List.of()));
            }
        }
        LOG.info("soak: checking {} operations", history.size());
        CheckResult check = new HistoryChecker(config.margin(), true).check(history);
        return SoakReport.of(config, Duration.ofNanos(elapsed), history, check, endViolations);
    }

    /** Waits (bounded) for no holders, waiters or sessions, then for the collector to remove every key. */
    private static void checkIdle(LockManager manager, List<Violation> violations) {
        try {
            Awaitility.await("no holders, waiters or sessions").atMost(IDLE_WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> isQuiet(manager.stats()));
        } catch (ConditionTimeoutException e) {
            violations.add(new Violation(Rule.NOT_IDLE, "holders, waiters or sessions left after every client "
                    + "stopped", List.of(manager.stats().toString())));
            return;
        }
        try {
            Awaitility.await("every key collected").atMost(IDLE_WAIT)
                    .pollInterval(Duration.ofMillis(100)).until(() -> isEmpty(manager.stats()));
        } catch (ConditionTimeoutException e) {
            violations.add(new Violation(Rule.NOT_IDLE, "keys left after garbage collection",
                    List.of(manager.stats().toString())));
        }
    }

    private static boolean isQuiet(StatsSnapshot stats) {
        return stats.openSessions() == 0 && stats.locks().isEmpty() && stats.semaphores().isEmpty();
    }

    private static boolean isEmpty(StatsSnapshot stats) {
        return isQuiet(stats) && stats.idleLocks().isEmpty() && stats.idleSemaphores().isEmpty();
    }

    private static List<String> stackOf(Thread thread) {
        List<String> lines = new ArrayList<>();
        for (StackTraceElement element : thread.getStackTrace()) {
            lines.add("at " + element);
        }
        return lines;
    }
}
