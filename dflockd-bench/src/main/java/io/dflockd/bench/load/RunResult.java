package io.dflockd.bench.load;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one run measured.
 *
 * @param scenario         the scenario label, e.g. {@code tcp hot 32w}
 * @param transport        what was driven
 * @param workers          concurrent workers
 * @param keys             the key layout's label
 * @param limit            1 for locks, the semaphore limit otherwise
 * @param seconds          the measured window actually elapsed
 * @param ops              operations that completed with a grant and a release in the window
 * @param opsPerSecond     {@code ops / seconds}
 * @param timeouts         acquires that timed out in the window
 * @param errors           error replies and connection failures in the window
 * @param violations       grants that broke mutual exclusion (whole run, warm-up included)
 * @param firstViolation   a description of the first violation, or empty
 * @param latency          per-operation latency of the completed operations
 * @param serverCpuSeconds the server's CPU seconds over the window, if its pid was given
 */
record RunResult(String scenario, Transport transport, int workers, String keys, int limit, double seconds, long ops,
        double opsPerSecond, long timeouts, long errors, long violations, String firstViolation,
        LatencySummary latency, OptionalDouble serverCpuSeconds) {

    RunResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(firstViolation, "firstViolation");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(serverCpuSeconds, "serverCpuSeconds");
    }

    /** One line for the console. */
    String summaryLine() {
        String cpu = serverCpuSeconds.isPresent() ? String.format(java.util.Locale.ROOT, "  server cpu %.2f s",
                serverCpuSeconds.getAsDouble()) : "";
        return String.format(java.util.Locale.ROOT,
                "%-22s %10.0f ops/s  p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f  max %9.1f us"
                        + "  timeouts %d  errors %d  violations %d%s",
                scenario, opsPerSecond, latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max(),
                timeouts, errors, violations, cpu);
    }
}
