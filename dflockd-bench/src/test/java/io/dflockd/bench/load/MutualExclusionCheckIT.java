package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MutualExclusionCheckIT {

    @Test
    @Timeout(30)
    void aServerThatGrantsAHeldKeyIsCaughtAndTheToolExitsNonZero(@TempDir Path out) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (BrokenLockServer server = new BrokenLockServer()) {
            // Each worker holds its grant for 5 ms, so with four workers on one key the broken grants overlap.
            int code = LoadMain.execute(new String[] {"--port", Integer.toString(server.port()), "--keys", "hot",
                "--workers", "4", "--hold", "5ms", "--duration", "1s", "--warmup", "0", "--out", out.toString(),
                "--name", "broken"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(server.grants()).isPositive();
            assertThat(code).isEqualTo(LoadMain.EXIT_VIOLATION);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("MUTUAL EXCLUSION VIOLATED")
                .contains("holders at once (limit 1)");
        Map<String, Object> json = TestJson.object(TestJson.parse(Files.readAllBytes(out.resolve("broken.json"))));
        assertThat((Double) json.get("violations")).isPositive();
        List<Object> runs = TestJson.array(json.get("runs"));
        assertThat(TestJson.object(runs.get(0)).get("first_violation").toString()).startsWith("key #0 had ");
    }
}
