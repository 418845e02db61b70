package io.dflockd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request read timeout ({@code --read-timeout}, HTTP.md §1) in a forked JVM, since the JDK reads its setting
 * once per JVM: a request whose body stalls is closed without a response, and a long-poll that outlasts the timeout
 * is not cut off (its body was read before it blocked).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadTimeoutIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReadTimeoutIT.class);

    @Test
    void stalledRequestsAreClosedAndLongPollsAreNot() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ForkedServerMain.class.getName(), "1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.US_ASCII));
            int port = Integer.parseInt(out.readLine().trim());
            String base = "http://127.0.0.1:" + port;
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            try (Socket stalled = new Socket()) {
                stalled.connect(new InetSocketAddress("127.0.0.1", port));
                stalled.setSoTimeout(10_000);
                stalled.getOutputStream().write("POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"
                        .getBytes(StandardCharsets.US_ASCII));
                stalled.getOutputStream().flush();
                long start = System.nanoTime();
                assertThat(stalled.getInputStream().read()).isEqualTo(-1);
                LOG.info("stalled request closed after {} ms", (System.nanoTime() - start) / 1_000_000);
            }

            String holder = TestApi.JSON.readTree(post(client, base + "/v1/sessions", null, "").body())
                    .get("session_id").asText();
            post(client, base + "/v1/locks/rt", holder, "{}");
            String waiter = TestApi.JSON.readTree(post(client, base + "/v1/sessions", null, "").body())
                    .get("session_id").asText();
            long start = System.nanoTime();
            HttpResponse<String> longPoll = post(client, base + "/v1/locks/rt", waiter, "{\"acquire_timeout_s\":3}");
            assertThat(longPoll.body()).isEqualTo("{\"status\":\"timeout\"}\n");
            assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(2_900).toNanos());
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static HttpResponse<String> post(HttpClient client, String uri, String session, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header(TestApi.SESSION, session);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
