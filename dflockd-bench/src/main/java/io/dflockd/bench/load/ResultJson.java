package io.dflockd.bench.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a {@link LoadReport} as JSON (the machine-readable result). Field names are snake_case; latencies are
 * microseconds, durations seconds. {@code server_cpu_s} is present only when the server's pid was given.
 */
final class ResultJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ResultJson() {
    }

    static void write(LoadReport report, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(report, out);
        }
    }

    static void write(LoadReport report, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("tool", "dflockd-bench load");
            json.writeStringField("started_at", report.startedAt().toString());
            json.writeObjectFieldStart("jdk");
            json.writeStringField("version", System.getProperty("java.version"));
            json.writeStringField("vendor", System.getProperty("java.vendor"));
            json.writeStringField("vm", System.getProperty("java.vm.name"));
            json.writeEndObject();
            json.writeObjectFieldStart("machine");
            json.writeNumberField("cpus", Runtime.getRuntime().availableProcessors());
            json.writeNumberField("load_average_before", report.loadBefore());
            json.writeNumberField("load_average_after", report.loadAfter());
            json.writeEndObject();
            writeSettings(json, report);
            writeRuns(json, "runs", report.runs());
            writeRuns(json, "medians", report.medians());
            json.writeArrayFieldStart("targets");
            for (TargetCheck check : report.targets()) {
                json.writeStartObject();
                json.writeStringField("target", check.target());
                json.writeNumberField("measured", check.measured());
                json.writeNumberField("required", check.required());
                json.writeBooleanField("met", check.met());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("violations", report.violations());
            json.writeEndObject();
        }
    }

    private static void writeSettings(JsonGenerator json, LoadReport report) throws IOException {
        LoadOptions options = report.options();
        json.writeObjectFieldStart("settings");
        json.writeStringField("host", options.host());
        json.writeNumberField("port", options.port());
        json.writeNumberField("http_port", options.httpPort());
        json.writeNumberField("duration_s", options.duration().toMillis() / 1000.0);
        json.writeNumberField("warmup_s", options.warmup().toMillis() / 1000.0);
        json.writeNumberField("runs_per_cell", options.matrix() ? options.runs() : 1);
        json.writeNumberField("lease_ttl_s", options.leaseTtlSeconds());
        json.writeNumberField("acquire_timeout_s", options.acquireTimeoutSeconds());
        json.writeStringField("tls", options.tls().name().toLowerCase(java.util.Locale.ROOT));
        json.writeBooleanField("auth", options.authToken().isPresent());
        json.writeBooleanField("echo_virtual_threads", report.echoVirtual());
        json.writeStringField("echo_server", options.echoPort().isPresent() ? "separate process, port "
                + options.echoPort().getAsInt() : "in-process");
        json.writeEndObject();
    }

    private static void writeRuns(JsonGenerator json, String field, List<RunResult> runs) throws IOException {
        json.writeArrayFieldStart(field);
        for (RunResult run : runs) {
            json.writeStartObject();
            json.writeStringField("scenario", run.scenario());
            json.writeStringField("transport", run.transport().label());
            json.writeNumberField("workers", run.workers());
            json.writeStringField("keys", run.keys());
            json.writeNumberField("limit", run.limit());
            json.writeNumberField("seconds", run.seconds());
            json.writeNumberField("ops", run.ops());
            json.writeNumberField("ops_per_s", run.opsPerSecond());
            json.writeNumberField("timeouts", run.timeouts());
            json.writeNumberField("errors", run.errors());
            json.writeNumberField("violations", run.violations());
            json.writeStringField("first_violation", run.firstViolation());
            LatencySummary latency = run.latency();
            json.writeObjectFieldStart("latency_us");
            json.writeNumberField("count", latency.count());
            json.writeNumberField("mean", latency.mean());
            json.writeNumberField("p50", latency.p50());
            json.writeNumberField("p90", latency.p90());
            json.writeNumberField("p99", latency.p99());
            json.writeNumberField("p99_9", latency.p999());
            json.writeNumberField("max", latency.max());
            json.writeEndObject();
            if (run.serverCpuSeconds().isPresent()) {
                json.writeNumberField("server_cpu_s", run.serverCpuSeconds().getAsDouble());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
