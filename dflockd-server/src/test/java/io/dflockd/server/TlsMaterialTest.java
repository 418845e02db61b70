package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dflockd.server.testing.AcceptAnyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SERVER.md §6: every key format loads, the key must match, the context speaks only TLS 1.2 and 1.3. */
@Timeout(60)
class TlsMaterialTest {
    @TempDir
    static Path dir;

    private static TestPki pki;
    private static ExecutorService executor;

    @BeforeAll
    static void generateMaterial() {
        assumeTrue(TestPki.opensslAvailable(), "openssl is not installed");
        pki = new TestPki(dir);
        executor = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopExecutor() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private static SSLContext load(Path cert, Path key) throws ConfigException {
        return TlsMaterial.load(new ServerSettings.TlsFiles(cert, key));
    }

    static Stream<Arguments> everyKeyFormat() {
        return Stream.of(
                Arguments.of("RSA PKCS#8", (Function<TestPki, Path[]>) p -> new Path[] {p.rsaCert, p.rsaPkcs8Key}),
                Arguments.of("RSA PKCS#1", (Function<TestPki, Path[]>) p -> new Path[] {p.rsaCert, p.rsaPkcs1Key}),
                Arguments.of("EC PKCS#8", (Function<TestPki, Path[]>) p -> new Path[] {p.ecCert, p.ecPkcs8Key}),
                Arguments.of("EC SEC1", (Function<TestPki, Path[]>) p -> new Path[] {p.ecCert, p.ecSec1Key}),
                Arguments.of("EC SEC1 after EC PARAMETERS", (Function<TestPki, Path[]>) p -> new Path[] {
                    p.ecSec1WithParametersCert, p.ecSec1WithParametersKey}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKeyFormat")
    void everyKeyFormatLoadsAndServesAHandshake(String format, Function<TestPki, Path[]> files) throws Exception {
        Path[] material = files.apply(pki);
        SSLContext context = load(material[0], material[1]);
        Handshake handshake = handshake(context);
        assertThat(handshake.protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(handshake.peerChain()).hasSize(1);
        assertThat(((X509Certificate) handshake.peerChain().get(0)).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
    }

    @Test
    void intermediatesFollowTheLeafOnTheWire() throws Exception {
        Handshake handshake = handshake(load(pki.chainCert, pki.chainKey));
        assertThat(handshake.peerChain()).hasSize(2);
        assertThat(((X509Certificate) handshake.peerChain().get(0)).getSubjectX500Principal().getName())
                .isEqualTo("CN=localhost");
        assertThat(((X509Certificate) handshake.peerChain().get(1)).getSubjectX500Principal().getName())
                .isEqualTo("CN=dflockd test CA");
    }

    @Test
    void contextEnablesOnlyTls13AndTls12Everywhere() throws Exception {
        SSLContext context = load(pki.ecCert, pki.ecPkcs8Key);
        List<String> allowed = List.of("TLSv1.3", "TLSv1.2");
        assertThat(context.createSSLEngine().getEnabledProtocols()).containsExactlyElementsOf(allowed);
        assertThat(context.createSSLEngine("localhost", 1).getEnabledProtocols()).containsExactlyElementsOf(allowed);
        assertThat(context.getDefaultSSLParameters().getProtocols()).containsExactlyElementsOf(allowed);
        assertThat(context.getSupportedSSLParameters().getProtocols()).containsExactlyElementsOf(allowed);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(server.getEnabledProtocols()).containsExactlyElementsOf(allowed);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactlyElementsOf(allowed);
        }
    }

    @Test
    void layeredServerSocketOverAnAcceptedPlainSocketIsRestrictedToo() throws Exception {
        SSLContext context = load(pki.ecCert, pki.ecPkcs8Key);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept();
                SSLSocket layered = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true)) {
            assertThat(client.isConnected()).isTrue();
            assertThat(layered.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void keyOfAnotherCertificateIsRejected() {
        assertThatThrownBy(() -> load(pki.rsaCert, pki.otherRsaKey))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot load TLS certificate/key: private key " + pki.otherRsaKey
                        + " does not match certificate " + pki.rsaCert);
        assertThatThrownBy(() -> load(pki.rsaCert, pki.ecPkcs8Key))
                .hasMessageContaining("does not match certificate");
        assertThatThrownBy(() -> load(pki.ecCert, pki.ecSec1WithParametersKey))
                .hasMessageContaining("does not match certificate");
    }

    @Test
    void encryptedKeyIsRejected() {
        assertThatThrownBy(() -> load(pki.ecCert, pki.encryptedKey))
                .hasMessage("cannot load TLS certificate/key: " + pki.encryptedKey
                        + ": encrypted private keys are not supported");
    }

    @Test
    void keyThatIsNeitherRsaNorEcIsRejected() {
        assertThatThrownBy(() -> load(pki.ecCert, pki.ed25519Key))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot load TLS certificate/key: " + pki.ed25519Key);
    }

    @Test
    void filesWithoutTheExpectedBlocksAreRejected() throws IOException {
        assertThatThrownBy(() -> load(pki.ecPkcs8Key, pki.ecPkcs8Key))
                .hasMessage("cannot load TLS certificate/key: " + pki.ecPkcs8Key + ": no PEM CERTIFICATE block");
        assertThatThrownBy(() -> load(pki.ecCert, pki.ecCert))
                .hasMessageStartingWith("cannot load TLS certificate/key: " + pki.ecCert + ": no PEM private key");
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "this is not PEM\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> load(garbage, pki.ecPkcs8Key))
                .hasMessage("cannot load TLS certificate/key: " + garbage + ": no PEM CERTIFICATE block");
        Path broken = dir.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> load(broken, pki.ecPkcs8Key))
                .hasMessageStartingWith("cannot load TLS certificate/key: " + broken + ": ");
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> load(missing, pki.ecPkcs8Key))
                .hasMessage("cannot load TLS certificate/key: " + missing + ": no such file");
        assertThatThrownBy(() -> load(pki.ecCert, missing))
                .hasMessage("cannot load TLS certificate/key: " + missing + ": no such file");
    }

    @Test
    void cliLoadsTheMaterialIntoThePlan() {
        CliRun run = CliRun.of("--tls-cert", pki.rsaCert.toString(), "--tls-key", pki.rsaPkcs1Key.toString());
        assertThat(run.plan().tlsContext()).isPresent();
        CliRun mismatch = CliRun.of(java.util.Map.of("DFLOCKD_TLS_CERT", pki.rsaCert.toString(),
                "DFLOCKD_TLS_KEY", pki.otherRsaKey.toString()));
        CliTest.assertConfigError(mismatch, "cannot load TLS certificate/key: private key " + pki.otherRsaKey
                + " does not match certificate " + pki.rsaCert);
    }

    private record Handshake(String protocol, List<Certificate> peerChain) {
    }

    /** A loopback handshake against the context, with a client that accepts any server certificate. */
    private static Handshake handshake(SSLContext serverContext) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<Integer> served = executor.submit(() -> {
                try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
                    out.write('!');
                    out.flush();
                    return accepted.getInputStream().read();
                }
            });
            SSLContext clientContext = AcceptAnyServer.clientContext();
            try (SSLSocket client = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.setSoTimeout(10_000);
                InputStream in = client.getInputStream();
                assertThat(in.read()).isEqualTo('!');
                client.getOutputStream().write('?');
                client.getOutputStream().flush();
                assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo((int) '?');
                return new Handshake(client.getSession().getProtocol(),
                        List.of(client.getSession().getPeerCertificates()));
            }
        }
    }
}
