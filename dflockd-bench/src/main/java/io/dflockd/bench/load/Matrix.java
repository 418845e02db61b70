package io.dflockd.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The published matrix (issue 6): echo 1/32/100 workers, TCP distinct 1/32/100, TCP hot 32/100, HTTP distinct 32;
 * {@code --runs} rounds, each round running every cell once (so slow drift of the machine hits every cell alike);
 * per cell the run with the median ops/s is reported whole, and the targets are checked on those medians.
 */
final class Matrix {
    /** One cell of the matrix. */
    record Cell(Transport transport, int workers, KeyLayout keys) {
    }

    static final List<Cell> CELLS = List.of(
            new Cell(Transport.ECHO, 1, KeyLayout.distinct()),
            new Cell(Transport.ECHO, 32, KeyLayout.distinct()),
            new Cell(Transport.ECHO, 100, KeyLayout.distinct()),
            new Cell(Transport.TCP, 1, KeyLayout.distinct()),
            new Cell(Transport.TCP, 32, KeyLayout.distinct()),
            new Cell(Transport.TCP, 100, KeyLayout.distinct()),
            new Cell(Transport.TCP, 32, KeyLayout.hot()),
            new Cell(Transport.TCP, 100, KeyLayout.hot()),
            new Cell(Transport.HTTP, 32, KeyLayout.distinct()));

    private Matrix() {
    }

    /** Runs every cell {@code options.runs()} times; prints progress and the final table to {@code out}. */
    static LoadReport run(LoadOptions options, ScenarioRunner runner, PrintStream out, double loadBefore,
            java.time.Instant startedAt) throws IOException, InterruptedException {
        Map<String, List<RunResult>> byScenario = new LinkedHashMap<>();
        List<RunResult> all = new ArrayList<>();
        for (int round = 1; round <= options.runs(); round++) {
            for (Cell cell : CELLS) {
                RunResult result = runner.run(options.withScenario(cell.transport(), cell.workers(), cell.keys()));
                out.println("round " + round + "/" + options.runs() + "  " + result.summaryLine());
                all.add(result);
                byScenario.computeIfAbsent(result.scenario(), k -> new ArrayList<>()).add(result);
            }
        }
        List<RunResult> medians = new ArrayList<>();
        for (List<RunResult> runs : byScenario.values()) {
            medians.add(median(runs));
        }
        List<TargetCheck> targets = targets(medians);
        printTable(out, medians, targets);
        return new LoadReport(startedAt, options, all, medians, targets, loadBefore, LoadMain.loadAverage(),
                runner.echoVirtual());
    }

    /** The run with the median ops/s (the lower middle one for an even count). */
    static RunResult median(List<RunResult> runs) {
        List<RunResult> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(RunResult::opsPerSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    static List<TargetCheck> targets(List<RunResult> medians) {
        Map<String, RunResult> m = new LinkedHashMap<>();
        medians.forEach(r -> m.put(r.scenario(), r));
        List<TargetCheck> checks = new ArrayList<>();
        for (int workers : new int[] {32, 100}) {
            RunResult tcp = m.get("tcp distinct " + workers + "w");
            RunResult echo = m.get("echo " + workers + "w");
            checks.add(new TargetCheck("tcp distinct " + workers + "w ops/s >= 0.90 x echo " + workers + "w",
                    tcp.opsPerSecond() / echo.opsPerSecond(), 0.90, true));
        }
        RunResult echoOne = m.get("echo 1w");
        for (int workers : new int[] {32, 100}) {
            RunResult hot = m.get("tcp hot " + workers + "w");
            checks.add(new TargetCheck("tcp hot " + workers + "w ops/s >= 0.80 x echo 1w",
                    hot.opsPerSecond() / echoOne.opsPerSecond(), 0.80, true));
            checks.add(new TargetCheck("tcp hot " + workers + "w p99 <= 2 x its p50",
                    hot.latency().p99() / hot.latency().p50(), 2.0, false));
        }
        checks.add(new TargetCheck("tcp distinct 1w p50 <= 1.3 x echo 1w p50",
                m.get("tcp distinct 1w").latency().p50() / echoOne.latency().p50(), 1.3, false));
        checks.add(new TargetCheck("http distinct 32w ops/s >= 0.50 x tcp distinct 32w",
                m.get("http distinct 32w").opsPerSecond() / m.get("tcp distinct 32w").opsPerSecond(), 0.50, true));
        return checks;
    }

    private static void printTable(PrintStream out, List<RunResult> medians, List<TargetCheck> targets) {
        Map<Integer, RunResult> echo = new LinkedHashMap<>();
        for (RunResult run : medians) {
            if (run.transport() == Transport.ECHO) {
                echo.put(run.workers(), run);
            }
        }
        out.println();
        out.println("| scenario | ops/s | p50 us | p99 us | p99.9 us | max us | vs echo (same workers) | vs echo 1w "
                + "| errors | timeouts | violations | server cpu s |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (RunResult run : medians) {
            RunResult same = echo.get(run.workers());
            RunResult one = echo.get(1);
            out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %d | %d | %d | %s |",
                    run.scenario(), run.opsPerSecond(), run.latency().p50(), run.latency().p99(),
                    run.latency().p999(), run.latency().max(), ratio(run, same), ratio(run, one), run.errors(),
                    run.timeouts(), run.violations(), run.serverCpuSeconds().isPresent()
                            ? String.format(Locale.ROOT, "%.1f", run.serverCpuSeconds().getAsDouble()) : "-"));
        }
        out.println();
        for (TargetCheck check : targets) {
            out.println(check.line());
        }
    }

    private static String ratio(RunResult run, RunResult echo) {
        return echo == null ? "-" : String.format(Locale.ROOT, "%.2f", run.opsPerSecond() / echo.opsPerSecond());
    }
}
