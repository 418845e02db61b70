package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dflockd.server.testing.AcceptAnyServer;
import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS material loaded by BouncyCastle from inside the shaded (unsigned) jar, and the auth token from a file: the
 * server process serves TLS (and HTTPS with the same certificate) with PKCS#1 and SEC1 keys, authenticates TCP and
 * HTTP with the one token, and never prints it.
 */
@Timeout(120)
class TlsAndAuthIT {
    private static final String SECRET = "it-S3cret with inner space";

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void generateMaterial() {
        assumeTrue(TestPki.opensslAvailable(), "openssl is not installed");
        pki = new TestPki(dir);
    }

    @Test
    void rsaPkcs1KeyServesTlsAndHttpsAndTheAuthTokenFileIsEnforcedOnBoth() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "  " + SECRET + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-r--r--"));
        int httpPort = HttpIT.freePort();
        Map<String, String> environment = Map.of("DFLOCKD_AUTH_TOKEN_FILE", tokenFile.toString(),
                "DFLOCKD_TLS_CERT", pki.rsaCert.toString(), "DFLOCKD_HTTP_PORT", Integer.toString(httpPort));
        try (ServerProcess server = ServerProcess.startJar(environment, "--port", "0",
                "--tls-key", pki.rsaPkcs1Key.toString())) {
            int port = server.tcpPort();
            String details = "(tls on, auth on from DFLOCKD_AUTH_TOKEN_FILE " + tokenFile + ", fences clock-seeded)";
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.stderrText().contains("listening: http 127.0.0.1:" + httpPort + " " + details));
            assertThat(server.stderrText())
                    .contains("listening: tcp 127.0.0.1:" + port + " " + details)
                    .contains(tokenFile + " is readable by group or others (mode 0644)");
            try (WireClient client = tlsClient(port)) {
                assertThat(client.request("auth\n_\n" + SECRET + "\n")).isEqualTo("ok\n");
                assertThat(client.request("ping\n_\n_\n")).isEqualTo("ok\n");
                assertThat(client.request("auth\n_\n" + SECRET + "\n")).isEqualTo("error\n");
            }
            try (WireClient wrong = tlsClient(port)) {
                assertThat(wrong.request("auth\n_\nwrong\n")).isEqualTo("error_auth\n");
                assertThat(wrong.closedByServer()).isTrue();
            }
            try (WireClient skipped = tlsClient(port)) {
                assertThat(skipped.request("ping\n_\n_\n")).isEqualTo("error_auth\n");
            }
            HttpClient https = HttpClient.newBuilder().sslContext(AcceptAnyServer.clientContext()).build();
            URI statsUri = URI.create("https://127.0.0.1:" + httpPort + "/v1/stats");
            HttpRequest.Builder stats = HttpRequest.newBuilder(statsUri).timeout(Duration.ofSeconds(30));
            HttpResponse<String> anonymous = https.send(stats.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> authorized = https.send(stats.header("Authorization", "Bearer " + SECRET).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(authorized.statusCode()).isEqualTo(200);
            assertThat(authorized.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            server.sigterm();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.stderrText()).doesNotContain(SECRET).doesNotContain("S3cret");
        }
    }

    @Test
    void ecSec1KeyAfterEcParametersServesTls() throws Exception {
        try (ServerProcess server = ServerProcess.startJar(Map.of(), "--port", "0",
                "--tls-cert", pki.ecSec1WithParametersCert.toString(),
                "--tls-key=" + pki.ecSec1WithParametersKey)) {
            int port = server.tcpPort();
            assertThat(server.stderrText()).contains("(tls on, auth off, fences clock-seeded)");
            try (WireClient client = tlsClient(port)) {
                assertThat(client.request("ping\n_\n_\n")).isEqualTo("ok\n");
                assertThat(client.request("auth\n_\nanything\n")).isEqualTo("error\n");
            }
            server.sigterm();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    void mismatchedKeyFailsStartUpWithStatusOne() {
        try (ServerProcess server = ServerProcess.startJar(Map.of(), "--tls-cert", pki.ecCert.toString(),
                "--tls-key", pki.rsaPkcs8Key.toString())) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.stderr()).containsExactly("dflockd: cannot load TLS certificate/key: private key "
                    + pki.rsaPkcs8Key + " does not match certificate " + pki.ecCert);
        }
    }

    private static WireClient tlsClient(int port) throws IOException, GeneralSecurityException {
        SSLContext context = AcceptAnyServer.clientContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        return new WireClient(socket);
    }
}
