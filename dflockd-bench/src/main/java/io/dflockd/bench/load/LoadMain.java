package io.dflockd.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The load tool's entry point (see {@code dflockd-bench/LOAD.md}):
 * {@code java -cp benchmarks.jar io.dflockd.bench.load.LoadMain --workers 32 --duration 10s [--http] [--echo]}.
 *
 * <p>Exit codes: 0 done; 1 mutual exclusion was violated; 2 bad arguments; 3 the run failed (no server, TLS or
 * authentication refused, results not writable).
 */
public final class LoadMain {
    static final int EXIT_OK = 0;
    static final int EXIT_VIOLATION = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 3;

    private LoadMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the tool as the command line asks, printing to {@code out}/{@code err}; returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (OptionsParser.wantsHelp(args)) {
            out.println(OptionsParser.USAGE);
            return EXIT_OK;
        }
        LoadOptions options;
        try {
            options = OptionsParser.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run with --help for the flags.");
            return EXIT_USAGE;
        }
        try {
            if (options.serveEcho()) {
                return serveEcho(options, out);
            }
            if (options.idleConnections() > 0) {
                IdleConnections.hold(options, options.idleConnections(), options.idleHold(), out);
                return EXIT_OK;
            }
            LoadReport report = run(options, out);
            String base = options.name().isEmpty() ? defaultName(options) : options.name();
            Files.createDirectories(options.outDir());
            Path json = options.outDir().resolve(base + ".json");
            ResultJson.write(report, json);
            List<Path> charts = ResultChart.write(report, options.outDir(), base);
            out.println("result: " + json + "  charts: " + charts.get(0) + ", " + charts.get(1));
            if (report.violations() > 0) {
                err.println("MUTUAL EXCLUSION VIOLATED: " + report.violations() + " grant(s); first: "
                        + report.runs().stream().map(RunResult::firstViolation).filter(s -> !s.isEmpty())
                                .findFirst().orElse(""));
                return EXIT_VIOLATION;
            }
            return EXIT_OK;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    /** Runs the matrix, or one scenario (preceded by the echo baseline with {@code --echo}). */
    static LoadReport run(LoadOptions options, PrintStream out) throws IOException, InterruptedException {
        Instant startedAt = Instant.now();
        double loadBefore = loadAverage();
        out.println(String.format(Locale.ROOT, "dflockd load tool on JDK %s, %d cpus, load average %.2f",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadBefore));
        try (ScenarioRunner runner = new ScenarioRunner(options.echoPort())) {
            if (options.matrix()) {
                return Matrix.run(options, runner, out, loadBefore, startedAt);
            }
            List<RunResult> runs = new ArrayList<>();
            if (options.withEcho() && options.transport() != Transport.ECHO) {
                runs.add(runner.run(options.withScenario(Transport.ECHO, options.workers(), options.keys())));
                out.println(runs.get(0).summaryLine());
            }
            RunResult main = runner.run(options);
            runs.add(main);
            out.println(main.summaryLine());
            if (runs.size() == 2) {
                out.println(String.format(Locale.ROOT, "ratio to the echo baseline: %.2f of its ops/s, p50 %.2f x",
                        main.opsPerSecond() / runs.get(0).opsPerSecond(),
                        main.latency().p50() / runs.get(0).latency().p50()));
            }
            return new LoadReport(startedAt, options, runs, List.of(), List.of(), loadBefore, loadAverage(),
                    runner.echoVirtual());
        }
    }

    /**
     * Serves the echo baseline (with {@code --http}: the HTTP one) in this process until it is killed (the baseline as
     * its own process).
     */
    private static int serveEcho(LoadOptions options, PrintStream out) throws IOException, InterruptedException {
        if (options.transport() == Transport.HTTP) {
            try (HttpEchoServer echo = HttpEchoServer.start(options.httpPort())) {
                out.println("HTTP echo baseline serving on " + echo.address() + "; stop it with kill "
                        + ProcessHandle.current().pid());
                new CountDownLatch(1).await();
                return EXIT_OK;
            }
        }
        try (EchoServer echo = EchoServer.start(options.port())) {
            out.println("echo baseline serving on " + echo.address() + (echo.virtualThreads() ? " (virtual threads)"
                    : " (platform threads)") + "; stop it with kill " + ProcessHandle.current().pid());
            new CountDownLatch(1).await();
            return EXIT_OK;
        }
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String defaultName(LoadOptions options) {
        String scenario = options.matrix() ? "matrix" : options.scenarioLabel().replace(' ', '-');
        return "load-" + scenario + "-jdk" + Runtime.version().feature();
    }
}
