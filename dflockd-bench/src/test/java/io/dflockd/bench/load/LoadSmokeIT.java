package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.http.HttpApiConfig;
import io.dflockd.http.HttpApiServer;
import io.dflockd.tcp.TcpServer;
import io.dflockd.tcp.TcpServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the tool against a real in-process server: no errors, no violations, files written. No timing. */
class LoadSmokeIT {
    private static LockManager manager;
    private static TcpServer server;
    private static HttpApiServer http;

    @BeforeAll
    static void startServer() throws Exception {
        manager = LockManager.create(LockManagerConfig.defaults());
        server = TcpServer.start(manager, TcpServerConfig.builder().host("127.0.0.1").port(0).build());
        http = HttpApiServer.start(manager, HttpApiConfig.builder().host("127.0.0.1").port(0).build());
    }

    @AfterAll
    static void stopServer() {
        http.close();
        server.close();
        manager.close();
    }

    @Test
    @Timeout(30)
    void aHotKeyRunWithTheEchoBaselineHasNoErrorsAndNoViolations(@TempDir Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int code = run(stdout, "--keys", "hot", "--workers", "4", "--duration", "1500ms", "--warmup", "300ms",
                "--echo", "--server-pid", Long.toString(ProcessHandle.current().pid()), "--out", out.toString(),
                "--name", "smoke");

        System.out.println(stdout.toString(StandardCharsets.UTF_8));
        assertThat(code).isZero();
        Map<String, Object> json = TestJson.object(TestJson.parse(Files.readAllBytes(out.resolve("smoke.json"))));
        List<Object> runs = TestJson.array(json.get("runs"));
        assertThat(runs).extracting(run -> TestJson.object(run).get("scenario"))
                .containsExactly("echo 4w", "tcp hot 4w");
        for (Object run : runs) {
            Map<String, Object> fields = TestJson.object(run);
            assertThat(fields).containsEntry("errors", 0.0).containsEntry("violations", 0.0)
                    .containsEntry("timeouts", 0.0);
            assertThat((Double) fields.get("ops")).isPositive();
        }
        assertThat(TestJson.object(runs.get(1))).containsKey("server_cpu_s");
        assertThat(out.resolve("smoke-throughput.png")).isNotEmptyFile();
        assertThat(out.resolve("smoke-latency.png")).isNotEmptyFile();
    }

    @Test
    @Timeout(30)
    void aSemaphoreRunOnSharedKeysStaysWithinItsLimit(@TempDir Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int code = run(stdout, "--keys", "2", "--limit", "2", "--workers", "6", "--lease-ttl", "60",
                "--duration", "1s", "--warmup", "0", "--out", out.toString(), "--name", "semaphore");

        System.out.println(stdout.toString(StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertOneCleanRun(out.resolve("semaphore.json"), "tcp 2 limit 2 6w");
    }

    @Test
    @Timeout(30)
    void anHttpRunOnAHotKeyHasNoErrorsAndNoViolations(@TempDir Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        int code = run(stdout, "--http", "--http-port", Integer.toString(http.localAddress().getPort()), "--keys",
                "hot", "--workers", "3", "--duration", "1s", "--warmup", "200ms", "--out", out.toString(),
                "--name", "http");

        System.out.println(stdout.toString(StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertOneCleanRun(out.resolve("http.json"), "http hot 3w");
    }

    @Test
    @Timeout(30)
    void theHttpEchoBaselineAnswersAnHttpRunWithoutErrors(@TempDir Path out) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code;
        try (HttpEchoServer echo = HttpEchoServer.start(0)) {
            code = run(stdout, "--http", "--http-port", Integer.toString(echo.address().getPort()), "--workers", "3",
                    "--duration", "1s", "--warmup", "200ms", "--out", out.toString(), "--name", "http-echo");
        }

        System.out.println(stdout.toString(StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertOneCleanRun(out.resolve("http-echo.json"), "http distinct 3w");
    }

    /** The result file holds one run of {@code scenario} with operations and no error, timeout or violation. */
    private static void assertOneCleanRun(Path result, String scenario) throws Exception {
        Map<String, Object> json = TestJson.object(TestJson.parse(Files.readAllBytes(result)));
        Map<String, Object> run = TestJson.object(TestJson.array(json.get("runs")).get(0));
        assertThat(run).containsEntry("scenario", scenario).containsEntry("errors", 0.0)
                .containsEntry("timeouts", 0.0).containsEntry("violations", 0.0);
        assertThat((Double) run.get("ops")).isPositive();
    }

    private static int run(ByteArrayOutputStream stdout, String... flags) throws InterruptedException {
        String[] args = new String[flags.length + 2];
        args[0] = "--port";
        args[1] = Integer.toString(server.localAddress().getPort());
        System.arraycopy(flags, 0, args, 2, flags.length);
        return LoadMain.execute(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }
}
