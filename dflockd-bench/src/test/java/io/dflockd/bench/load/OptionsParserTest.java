package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OptionsParserTest {

    @Test
    void defaultsDescribeThirtyTwoTcpWorkersOnDistinctKeys() throws UsageException {
        LoadOptions options = OptionsParser.parse(new String[0]);

        assertThat(options.transport()).isEqualTo(Transport.TCP);
        assertThat(options.workers()).isEqualTo(32);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.keys()).isEqualTo(KeyLayout.distinct());
        assertThat(options.limit()).isEqualTo(1);
        assertThat(options.tls()).isEqualTo(TlsMode.OFF);
        assertThat(options.scenarioLabel()).isEqualTo("tcp distinct 32w");
    }

    @Test
    void flagsAreRead() throws UsageException {
        LoadOptions options = OptionsParser.parse(new String[] {"--http", "--workers", "100", "--duration", "500ms",
            "--warmup", "0", "--keys", "8", "--limit", "3", "--lease-ttl", "60", "--hold", "2ms", "--tls"});

        assertThat(options.transport()).isEqualTo(Transport.HTTP);
        assertThat(options.workers()).isEqualTo(100);
        assertThat(options.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.warmup()).isEqualTo(Duration.ZERO);
        assertThat(options.keys()).isEqualTo(KeyLayout.shared(8));
        assertThat(options.limit()).isEqualTo(3);
        assertThat(options.leaseTtlSeconds()).isEqualTo(60);
        assertThat(options.hold()).isEqualTo(Duration.ofMillis(2));
        assertThat(options.tls()).isEqualTo(TlsMode.TRUST_ALL);
        assertThat(options.scenarioLabel()).isEqualTo("http 8 limit 3 100w");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--workers 0|--workers must be in [1, 10000], got 0",
        "--workers many|--workers must be a whole number, got 'many'",
        "--duration 0s|--duration must be above 0",
        "--duration 10x|--duration must look like 10s, 500ms, 2m or 10, got '10x'",
        "--keys 0|--keys (distinct, hot or a key count) must be in [1, 100000], got 0",
        "--keys lukewarm|--keys (distinct, hot or a key count) must be a whole number",
        "--limit 1048577|--limit must be in [1, 1048576]",
        "--port 70000|--port must be in [1, 65535]",
        "--port 6389|--port and --http-port must differ",
        "--bogus 1|unknown flag: --bogus",
        "--workers|--workers needs a value",
        "--http --echo-only|--http and --echo-only exclude each other",
        "--matrix --http|--matrix runs every transport itself",
        "--tls-ca /nonexistent/ca.pem|--tls-ca /nonexistent/ca.pem is not a readable file",
        "--server-pid 999999999|--server-pid 999999999: no such process",
        "--name a/b|--name must be 1-100 characters"
    })
    void badValuesAreRejectedWithAMessageNamingThem(String args, String message) {
        assertThatThrownBy(() -> OptionsParser.parse(args.split(" ")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void badArgumentsExitWithCodeTwoAndSayWhy() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = LoadMain.execute(new String[] {"--workers", "-3"}, print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --workers must be in [1, 10000], got -3");
        assertThat(out.size()).isZero();
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = LoadMain.execute(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:").contains("--matrix").contains("--echo");
    }

    @Test
    void unreachableServerExitsWithCodeThree() throws InterruptedException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // Port 1 on loopback: nothing listens there (tcpmux), so the connect is refused at once.
        int code = LoadMain.execute(new String[] {"--port", "1", "--workers", "1", "--duration", "1s"},
                print(new ByteArrayOutputStream()), print(err));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not connect");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
