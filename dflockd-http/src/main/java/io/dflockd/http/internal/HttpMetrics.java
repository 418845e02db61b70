package io.dflockd.http.internal;

import io.dflockd.core.StatsSnapshot;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The metrics of SERVER.md §9, kept and written by the Prometheus Java client: the request counter and the
 * quantile-free duration summary (labels {@code method}, {@code path}, {@code status}) in a private registry, and the
 * gauges computed at scrape time from one stats snapshot. Any thread.
 */
public final class HttpMetrics {
    /** The exposition's content type (text format 0.0.4). */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Summary durations;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder().build();
    private final long startNanos = System.nanoTime();

    public HttpMetrics() {
        requests = Counter.builder()
                .name("dflockd_http_requests_total")
                .help("HTTP requests by method, route and status.")
                .labelNames("method", "path", "status")
                .register(registry);
        durations = Summary.builder()
                .name("dflockd_http_request_duration_seconds")
                .help("Seconds spent serving HTTP requests.")
                .labelNames("method", "path", "status")
                .register(registry);
    }

    /** The {@code method} label: the method itself when it is a standard one, else {@code OTHER}. */
    public static String methodLabel(String method) {
        return KNOWN_METHODS.contains(method) ? method : "OTHER";
    }

    /** The {@code path} label: the matched route's pattern, or {@code unmatched}. */
    public static String pathLabel(Route route) {
        return route == null ? "unmatched" : route.pattern();
    }

    /** Counts one completed request. */
    public void record(String method, Route route, int status, long elapsedNanos) {
        String[] labels = {methodLabel(method), pathLabel(route), Integer.toString(status)};
        requests.labelValues(labels).inc();
        durations.labelValues(labels).observe(elapsedNanos / 1e9);
    }

    /** The values of the gauges of SERVER.md §9.2. */
    public record Gauges(boolean ready, long connections, int httpSessions, StatsSnapshot stats) {
    }

    /** The whole exposition, with the gauges computed from {@code gauges}. */
    public byte[] scrape(Gauges gauges) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot snapshot : registry.scrape()) {
            all.metricSnapshot(snapshot);
        }
        StatsSnapshot stats = gauges.stats();
        long lockWaiters = stats.locks().stream().mapToLong(StatsSnapshot.LockEntry::waiters).sum();
        long locksHeld = stats.locks().stream().filter(e -> e.ownerSessionId() != 0).count();
        long semaphoreHolders = stats.semaphores().stream().mapToLong(StatsSnapshot.SemaphoreEntry::holders).sum();
        long semaphoreWaiters = stats.semaphores().stream().mapToLong(StatsSnapshot.SemaphoreEntry::waiters).sum();
        all.metricSnapshot(gauge("dflockd_ready", "1 when ready, 0 while draining.", gauges.ready() ? 1 : 0));
        all.metricSnapshot(gauge("dflockd_uptime_seconds", "Seconds since the HTTP API started.",
                (System.nanoTime() - startNanos) / 1e9));
        all.metricSnapshot(gauge("dflockd_connections", "Open TCP connections plus live HTTP sessions.",
                gauges.connections()));
        all.metricSnapshot(gauge("dflockd_http_sessions", "Live HTTP sessions.", gauges.httpSessions()));
        all.metricSnapshot(gauge("dflockd_locks_held", "Keys with limit 1 that have a holder.", locksHeld));
        all.metricSnapshot(gauge("dflockd_lock_waiters", "Queued waiters over keys with limit 1.", lockWaiters));
        all.metricSnapshot(gauge("dflockd_semaphore_holders", "Holders over keys with limit > 1.",
                semaphoreHolders));
        all.metricSnapshot(gauge("dflockd_semaphore_waiters", "Queued waiters over keys with limit > 1.",
                semaphoreWaiters));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, all.build());
        } catch (IOException e) {
            throw new UncheckedIOException("writing metrics to memory", e);
        }
        return out.toByteArray();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder()
                .name(name)
                .help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
                .build();
    }
}
