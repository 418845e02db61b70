package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS 1.2+ only (issue 7, Security), on TCP and HTTPS of the real jar, with a client that really offers TLS 1.1 and
 * 1.0. The JDK disables both by default ({@code jdk.tls.disabledAlgorithms}), so a client in the test JVM refuses them
 * by itself before the server sees anything; here the client runs in its own JVM with them re-enabled, and the
 * refusal must come from the server: a {@code protocol_version} alert (TCP) or a close during the handshake (the
 * JDK's HTTPS server), never the client's own "No appropriate protocol".
 */
@Timeout(60)
class TlsVersionIT {
    private static final Logger LOG = LoggerFactory.getLogger(TlsVersionIT.class);
    private static final String LEGACY_ALLOWED = "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA,"
            + " DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n";

    @TempDir
    Path dir;

    @Test
    void tlsOneDotOneAndOlderOfferedByTheClientAreRefusedByTheServerOnTcpAndHttps() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assumeTrue(run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1")) == 0, "openssl is not available");
        Path security = dir.resolve("legacy-tls.security");
        Files.writeString(security, LEGACY_ALLOWED);
        int httpPort = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.startJar("--port", "0", "--http-port", Integer.toString(httpPort),
                "--tls-cert", cert.toString(), "--tls-key", key.toString())) {
            server.awaitHttp(httpPort);
            int tcpPort = server.tcpPort();
            Path output = dir.resolve("handshakes.txt");
            int status = run(List.of(ServerProcess.java(), "-Djava.security.properties=" + security, "-cp",
                    System.getProperty("java.class.path"), TlsHandshakeMain.class.getName(), "TLSv1.2,TLSv1.1,TLSv1",
                    Integer.toString(tcpPort), Integer.toString(httpPort)), output);
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            LOG.info("TLS versions offered to the server jar:\n{}", String.join("\n", lines));
            assertThat(status).isZero();
            for (int port : List.of(tcpPort, httpPort)) {
                assertThat(lines).contains("TLSv1.2 " + port + " handshake TLSv1.2");
                for (String legacy : List.of("TLSv1.1", "TLSv1")) {
                    assertThat(lines).filteredOn(line -> line.startsWith(legacy + " " + port + " ")).singleElement()
                            .asString().contains(" refused ").doesNotContain("No appropriate protocol")
                            .containsAnyOf("protocol_version", "Remote host terminated the handshake");
                }
            }
        }
    }

    private int run(List<String> command) throws IOException, InterruptedException {
        return run(command, dir.resolve("command.out"));
    }

    private static int run(List<String> command, Path output) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            return -1;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return process.exitValue();
    }
}
