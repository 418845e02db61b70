package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResultJsonTest {
    private static final LatencySummary LATENCY = new LatencySummary(1000, 110.5, 100, 150, 300, 900, 1200);

    @Test
    void theResultParsesBackWithEveryField() throws Exception {
        RunResult echo = new RunResult("echo 32w", Transport.ECHO, 32, "distinct", 1, 5.0, 200_000, 40_000, 0, 0, 0,
                "", LATENCY, OptionalDouble.empty());
        RunResult tcp = new RunResult("tcp hot 32w", Transport.TCP, 32, "hot", 1, 5.0, 50_000, 10_000, 2, 1, 0, "",
                LATENCY, OptionalDouble.of(4.25));
        LoadOptions options = OptionsParser.parse(new String[] {"--matrix", "--runs", "3"});
        LoadReport report = new LoadReport(Instant.parse("2026-11-27T19:00:00Z"), options, List.of(echo, tcp),
                List.of(tcp), List.of(new TargetCheck("tcp hot 32w ops/s >= 0.80 x echo 1w", 0.25, 0.80, true)),
                1.5, 2.5, true);

        Map<String, Object> json = TestJson.object(TestJson.parse(write(report)));

        assertThat(json).containsKeys("tool", "started_at", "jdk", "machine", "settings", "runs", "medians",
                "targets", "violations");
        assertThat(json.get("started_at")).isEqualTo("2026-11-27T19:00:00Z");
        assertThat(TestJson.object(json.get("jdk"))).containsKeys("version", "vendor", "vm");
        assertThat(TestJson.object(json.get("machine"))).containsEntry("load_average_before", 1.5)
                .containsEntry("load_average_after", 2.5).containsKey("cpus");
        assertThat(TestJson.object(json.get("settings"))).containsEntry("runs_per_cell", 3.0)
                .containsEntry("tls", "off").containsEntry("auth", false).containsEntry("echo_virtual_threads", true);
        List<Object> runs = TestJson.array(json.get("runs"));
        assertThat(runs).hasSize(2);
        Map<String, Object> first = TestJson.object(runs.get(0));
        assertThat(first).containsEntry("scenario", "echo 32w").containsEntry("transport", "echo")
                .containsEntry("workers", 32.0).containsEntry("ops", 200_000.0).containsEntry("ops_per_s", 40_000.0)
                .doesNotContainKey("server_cpu_s");
        assertThat(TestJson.object(first.get("latency_us"))).containsEntry("p50", 100.0).containsEntry("p90", 150.0)
                .containsEntry("p99", 300.0).containsEntry("p99_9", 900.0).containsEntry("max", 1200.0)
                .containsEntry("count", 1000.0);
        Map<String, Object> second = TestJson.object(runs.get(1));
        assertThat(second).containsEntry("timeouts", 2.0).containsEntry("errors", 1.0)
                .containsEntry("violations", 0.0).containsEntry("server_cpu_s", 4.25);
        assertThat(TestJson.array(json.get("medians"))).hasSize(1);
        assertThat(TestJson.object(TestJson.array(json.get("targets")).get(0))).containsEntry("met", false)
                .containsEntry("measured", 0.25).containsEntry("required", 0.8);
        assertThat(json.get("violations")).isEqualTo(0.0);
    }

    @Test
    void targetsComeFromTheMedians() {
        List<RunResult> medians = List.of(
                run("echo 1w", Transport.ECHO, 1, 10_000, 100, 120),
                run("echo 32w", Transport.ECHO, 32, 40_000, 700, 2000),
                run("echo 100w", Transport.ECHO, 100, 40_000, 2400, 5000),
                run("tcp distinct 1w", Transport.TCP, 1, 8_000, 125, 200),
                run("tcp distinct 32w", Transport.TCP, 32, 37_000, 800, 2000),
                run("tcp distinct 100w", Transport.TCP, 100, 30_000, 3000, 9000),
                run("tcp hot 32w", Transport.TCP, 32, 9_000, 3500, 6000),
                run("tcp hot 100w", Transport.TCP, 100, 7_000, 14000, 40000),
                run("http distinct 32w", Transport.HTTP, 32, 20_000, 1500, 4000));

        List<TargetCheck> checks = Matrix.targets(medians);

        assertThat(checks).extracting(TargetCheck::met).containsExactly(true, false, true, true, false, false,
                true, true);
        assertThat(checks.get(0).measured()).isEqualTo(37_000.0 / 40_000.0);
    }

    @Test
    void theMedianRunIsReportedWhole() {
        RunResult slow = run("tcp hot 32w", Transport.TCP, 32, 1_000, 1, 1);
        RunResult middle = run("tcp hot 32w", Transport.TCP, 32, 2_000, 2, 2);
        RunResult fast = run("tcp hot 32w", Transport.TCP, 32, 3_000, 3, 3);

        assertThat(Matrix.median(List.of(fast, slow, middle))).isSameAs(middle);
    }

    private static RunResult run(String scenario, Transport transport, int workers, double opsPerSecond, double p50,
            double p99) {
        return new RunResult(scenario, transport, workers, "distinct", 1, 5, (long) (opsPerSecond * 5), opsPerSecond,
                0, 0, 0, "", new LatencySummary(100, p50, p50, p50, p99, p99, p99), OptionalDouble.empty());
    }

    private static byte[] write(LoadReport report) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultJson.write(report, bytes);
        return bytes.toByteArray();
    }
}
