package io.dflockd.bench.load;

import org.HdrHistogram.Histogram;

/**
 * Per-operation latency of a run, in microseconds (HdrHistogram, 3 significant digits).
 *
 * @param count  operations recorded
 * @param mean   mean
 * @param p50    median
 * @param p90    90th percentile
 * @param p99    99th percentile
 * @param p999   99.9th percentile
 * @param max    slowest operation
 */
record LatencySummary(long count, double mean, double p50, double p90, double p99, double p999, double max) {
    private static final double NANOS_PER_MICRO = 1_000.0;

    /** Summarises a histogram of nanosecond values. */
    static LatencySummary of(Histogram nanos) {
        return new LatencySummary(nanos.getTotalCount(), nanos.getMean() / NANOS_PER_MICRO,
                micros(nanos, 50), micros(nanos, 90), micros(nanos, 99), micros(nanos, 99.9),
                nanos.getMaxValue() / NANOS_PER_MICRO);
    }

    private static double micros(Histogram nanos, double percentile) {
        return nanos.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }
}
