package io.dflockd.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quick start's curl sequence (quickstart.txt step 3, HTTP.md §13) run verbatim through the real {@code curl}
 * and {@code jq} in a bash process against the in-process server. Only the port differs (tests bind port 0, so
 * {@code 6389} is replaced by the bound port), and the token returned by the acquire is substituted for
 * {@code 7f4c...}. Skips when curl, jq or bash is missing, except with {@code CI=true}, where it fails.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QuickStartCurlIT {
    private static final String CREATE = "sid=$(curl -sX POST http://localhost:6389/v1/sessions | jq -r .session_id)";
    private static final String ACQUIRE = "curl -sX POST http://localhost:6389/v1/locks/deploy-job \\\n"
            + "-H \"X-Dflockd-Session: $sid\" \\\n"
            + "-d '{\"acquire_timeout_s\": 10, \"lease_ttl_s\": 60}'";
    private static final String RELEASE = "curl -sX POST http://localhost:6389/v1/locks/deploy-job/release \\\n"
            + "-H \"X-Dflockd-Session: $sid\" \\\n"
            + "-d '{\"token\":\"7f4c...\"}'";
    private static final String DELETE = "curl -sX DELETE http://localhost:6389/v1/sessions/$sid";

    @BeforeAll
    static void toolsPresent() {
        boolean present = onPath("curl") && onPath("jq") && onPath("bash");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("curl, jq and bash are required when CI=true").isTrue();
        }
        assumeTrue(present, "curl, jq or bash missing");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exit, String out) {
    }

    private static Result bash(TestApi api, String script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script.replace(":6389", ":" + api.port()));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String createSession(TestApi api, String create) throws Exception {
        Result created = bash(api, create + "\nprintf '%s' \"$sid\"", Map.of());
        assertThat(created.exit()).isZero();
        assertThat(created.out()).matches("[0-9a-f]{32}");
        return created.out();
    }

    @Test
    void stepThreeWorksVerbatim() throws Exception {
        try (TestApi api = TestApi.start()) {
            String sid = createSession(api, CREATE);
            Result acquired = bash(api, ACQUIRE, Map.of("sid", sid));
            assertThat(acquired.out()).matches("\\{\"status\":\"ok\",\"token\":\"[0-9a-f]{32}\",\"lease_ttl_s\":60}\n");
            String token = TestApi.JSON.readTree(acquired.out()).get("token").asText();

            Result placeholder = bash(api, RELEASE, Map.of("sid", sid));
            assertThat(placeholder.out()).isEqualTo("{\"error\":\"not_held\",\"detail\":\"token not held\"}\n");

            Result released = bash(api, RELEASE.replace("7f4c...", token), Map.of("sid", sid));
            assertThat(released.exit()).isZero();
            assertThat(released.out()).isEmpty();
            Result deleted = bash(api, DELETE + " -o /dev/null -w '%{http_code}'", Map.of("sid", sid));
            assertThat(deleted.out()).isEqualTo("204");
            assertThat(bash(api, DELETE, Map.of("sid", sid)).out()).contains("session_gone");
            assertThat(api.manager.stats().openSessions()).isZero();
        }
    }

    @Test
    void twoPhaseAndAuthSequencesWork() throws Exception {
        try (TestApi api = TestApi.start()) {
            String holder = api.createSession();
            String holderToken = api.acquire(holder, "deploy-job");
            String sid = createSession(api, CREATE);
            Result queued = bash(api, "curl -sX POST http://localhost:6389/v1/locks/deploy-job/enqueue "
                    + "-H \"X-Dflockd-Session: $sid\"", Map.of("sid", sid));
            assertThat(queued.out()).isEqualTo("{\"status\":\"queued\"}\n");
            api.post("/v1/locks/deploy-job/release", holder, "{\"token\":\"" + holderToken + "\"}");
            Result granted = bash(api, "curl -sX POST http://localhost:6389/v1/locks/deploy-job/wait "
                    + "-H \"X-Dflockd-Session: $sid\" \\\n    -d '{\"timeout_s\": 30}'", Map.of("sid", sid));
            assertThat(granted.out()).matches("\\{\"status\":\"ok\",\"token\":\"[0-9a-f]{32}\",\"lease_ttl_s\":33}\n");
        }
        try (TestApi api = TestApi.start(b -> b.authToken("quick-start-token"))) {
            Path tokenFile = Files.createTempFile("dflockd", ".token");
            try {
                Files.writeString(tokenFile, "quick-start-token");
                Map<String, String> env = Map.of("TOKEN_FILE", tokenFile.toString());
                Result run = bash(api, "T=$(cat \"$TOKEN_FILE\")\n"
                        + "sid=$(curl -sX POST http://localhost:6389/v1/sessions -H \"Authorization: Bearer $T\" "
                        + "| jq -r .session_id)\n"
                        + "curl -sX POST http://localhost:6389/v1/locks/deploy-job -H \"Authorization: Bearer $T\" \\\n"
                        + "    -H \"X-Dflockd-Session: $sid\" -d '{\"acquire_timeout_s\": 10, \"lease_ttl_s\": 60}'\n"
                        + "curl -s http://localhost:6389/v1/stats\n"
                        + "curl -s http://localhost:6389/health\n", env);
                String[] lines = run.out().split("\n");
                assertThat(lines).hasSize(3);
                assertThat(lines[0]).matches("\\{\"status\":\"ok\",\"token\":\"[0-9a-f]{32}\",\"lease_ttl_s\":60}");
                assertThat(lines[1]).isEqualTo("{\"error\":\"unauthorized\"}");
                assertThat(lines[2]).isEqualTo("{\"status\":\"ok\"}");
            } finally {
                Files.deleteIfExists(tokenFile);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
