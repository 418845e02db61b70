package io.dflockd.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one invocation measured, as written to the JSON result.
 *
 * @param startedAt   when the invocation started
 * @param options     what it was asked to do
 * @param runs        every run, in the order they ran
 * @param medians     per scenario, the run with the median ops/s (matrix), or empty
 * @param targets     issue 6's targets checked on the medians (matrix), or empty
 * @param loadBefore  the one-minute load average before the first run
 * @param loadAfter   the one-minute load average after the last run
 * @param echoVirtual whether the echo server (if any ran) used virtual threads
 */
record LoadReport(Instant startedAt, LoadOptions options, List<RunResult> runs, List<RunResult> medians,
        List<TargetCheck> targets, double loadBefore, double loadAfter, boolean echoVirtual) {
    LoadReport {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(options, "options");
        runs = List.copyOf(runs);
        medians = List.copyOf(medians);
        targets = List.copyOf(targets);
    }

    long violations() {
        return runs.stream().mapToLong(RunResult::violations).sum();
    }
}
