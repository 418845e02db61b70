package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS (certificates generated at test time with keytool) and authentication on every connection. */
@Timeout(60)
class TlsAuthIT {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore loopbackKeys;
    private static KeyStore otherHostKeys;

    @BeforeAll
    static void generateCertificates(@TempDir Path dir) throws Exception {
        // both keytool runs at once: each is a JVM start
        Process loopback = keytool(dir.resolve("loopback.p12"), "san=ip:127.0.0.1,dns:localhost");
        Process other = keytool(dir.resolve("other.p12"), "san=dns:other.invalid");
        loopbackKeys = load(loopback, dir.resolve("loopback.p12"));
        otherHostKeys = load(other, dir.resolve("other.p12"));
    }

    private static Process keytool(Path file, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        return new ProcessBuilder(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", "dflockd",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=dflockd-test", "-ext", san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
    }

    private static KeyStore load(Process process, Path file) throws Exception {
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static SSLContext serverContext(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("dflockd"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static TestServer tlsServer(KeyStore keys, String authToken) throws Exception {
        SSLContext context = serverContext(keys);
        return TestServer.start(engine -> { }, tcp -> {
            tcp.tls(context);
            if (authToken != null) {
                tcp.authToken(authToken);
            }
        });
    }

    @Test
    void lockAndConnectionOverTlsWithHostnameVerification() throws Exception {
        try (TestServer server = tlsServer(loopbackKeys, null);
             DistributedLock lock = DistributedLock.builder("tls-lock").servers(List.of(server.address()))
                     .tls(trusting(loopbackKeys)).leaseTtl(Duration.ofSeconds(2)).build();
             DflockdConnection c = DflockdConnection.connect(server.address(),
                     ConnectOptions.builder().tls(trusting(loopbackKeys).getSocketFactory()).build())) {
            c.ping();
            assertThat(lock.acquire()).isTrue();
            assertThat(c.stats().lock("tls-lock")).isPresent();
            lock.release();
            assertThat(server.holders("tls-lock")).isZero();
        }
    }

    @Test
    void anUntrustedCertificateFailsTheConnect() throws Exception {
        try (TestServer server = tlsServer(loopbackKeys, null)) {
            assertThatThrownBy(() -> DflockdConnection.connect(server.address(),
                    ConnectOptions.builder().tls(trusting(otherHostKeys)).build()))
                    .isInstanceOf(ConnectionException.class);
            assertThatThrownBy(() -> DflockdConnection.connect(server.address(), ConnectOptions.defaults()).ping())
                    .isInstanceOf(DflockdException.class);
        }
    }

    @Test
    void hostnameVerificationIsOnByDefaultAndCanBeTurnedOff() throws Exception {
        try (TestServer server = tlsServer(otherHostKeys, null)) {
            assertThatThrownBy(() -> DflockdConnection.connect(server.address(),
                    ConnectOptions.builder().tls(trusting(otherHostKeys)).build()))
                    .isInstanceOf(ConnectionException.class);
            try (DflockdConnection c = DflockdConnection.connect(server.address(),
                    ConnectOptions.builder().tls(trusting(otherHostKeys)).hostnameVerification(false).build())) {
                c.ping();
            }
        }
    }

    @Test
    void authWithTheRightTokenOnEveryConnection() throws Exception {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.authToken("s3cret"));
             DistributedLock lock = DistributedLock.builder("auth-lock").servers(List.of(server.address()))
                     .authToken("s3cret").leaseTtl(Duration.ofSeconds(2)).build();
             DistributedSemaphore sem = DistributedSemaphore.builder("auth-sem", 2)
                     .servers(List.of(server.address())).authToken("s3cret").build();
             DflockdConnection c = DflockdConnection.connect(server.address(),
                     ConnectOptions.builder().authToken("s3cret").build())) {
            assertThat(lock.acquire()).isTrue();
            assertThat(sem.enqueue()).isEqualTo(EnqueueStatus.ACQUIRED);
            assertThatThrownBy(() -> c.authenticate("s3cret")).isInstanceOf(ServerErrorException.class);
            c.ping();
            assertThat(server.holders("auth-lock")).isEqualTo(1);
        }
    }

    @Test
    void authWithAWrongOrMissingToken() throws Exception {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.authToken("s3cret"))) {
            DistributedLock wrong = DistributedLock.builder("auth-wrong").servers(List.of(server.address()))
                    .authToken("guess").build();
            assertThatThrownBy(wrong::acquire).isInstanceOf(AuthenticationException.class)
                    .satisfies(e -> assertThat(((DflockdException) e).statusLine()).hasValue("error_auth"));
            assertThat(wrong.isHeld()).isFalse();
            assertThatThrownBy(() -> DflockdConnection.connect(server.address(),
                    ConnectOptions.builder().authToken("guess").build())).isInstanceOf(AuthenticationException.class);
            DflockdConnection anonymous = DflockdConnection.connect(server.address(), ConnectOptions.defaults());
            assertThatThrownBy(anonymous::ping).isInstanceOf(AuthenticationException.class);
            assertThat(anonymous.isOpen()).isFalse();
            assertThat(server.idle()).isTrue();
        }
    }

    @Test
    void tlsAndAuthTogether() throws Exception {
        try (TestServer server = tlsServer(loopbackKeys, "s3cret");
             DistributedLock lock = DistributedLock.builder("tls-auth").servers(List.of(server.address()))
                     .tls(trusting(loopbackKeys)).authToken("s3cret").build()) {
            assertThat(lock.acquire()).isTrue();
            assertThat(lock.enqueue()).isEqualTo(EnqueueStatus.ACQUIRED);
        }
    }

}
