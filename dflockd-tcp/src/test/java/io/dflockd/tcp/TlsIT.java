package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dflockd.core.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS (PROTOCOL.md §1): RSA and EC certificates made at test time with the JDK's {@code keytool}; TLS 1.2 and 1.3
 * only; the handshake deadline; a TLS peer that vanishes without close_notify is cleaned up like any other. That TLS
 * 1.0/1.1 are refused is checked against the server jar by {@code dflockd-server}'s {@code TlsVersionIT}, from a client
 * JVM that has them re-enabled: an in-process client here refuses them itself, so such a test could not fail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsIT {
    private static final Logger LOG = LoggerFactory.getLogger(TlsIT.class);
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    static Path dir;

    private static KeyStore rsa;
    private static KeyStore ec;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process rsaTool = keytool("rsa", List.of("-keyalg", "RSA", "-keysize", "2048"));
        Process ecTool = keytool("ec", List.of("-keyalg", "EC", "-groupname", "secp256r1"));
        rsa = load("rsa", rsaTool);
        ec = load("ec", ecTool);
    }

    /** Starts the JDK's keytool (both run at once: each is a JVM start-up). */
    private static Process keytool(String name, List<String> algorithm) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-J-XX:TieredStopAtLevel=1",
                "-J-Xshare:auto", "-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-ext",
                "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                dir.resolve(name + ".p12").toString(), "-storepass", "changeit", "-keypass", "changeit"));
        command.addAll(algorithm);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static KeyStore load(String name, Process keytool) throws Exception {
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private static SSLContext serverContext(KeyStore keyStore) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(KeyStore serverKeyStore) throws Exception {
        Certificate certificate = serverKeyStore.getCertificate("server");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static TestServer tlsServer(KeyStore keyStore) throws Exception {
        SSLContext context = serverContext(keyStore);
        return TestServer.start(engine -> { }, tcp -> tcp.tls(context).readTimeout(Duration.ofSeconds(1)));
    }

    private static SSLSocket connect(TestServer server, KeyStore keyStore, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) clientContext(keyStore).getSocketFactory()
                .createSocket(server.address().getAddress(), server.address().getPort());
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void commandsWorkOverTls(String kind) throws Exception {
        KeyStore keyStore = kind.equals("rsa") ? rsa : ec;
        try (TestServer server = tlsServer(keyStore)) {
            SSLSocket socket = connect(server, keyStore);
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            try (WireClient c = new WireClient(socket); WireClient d = new WireClient(connect(server, keyStore,
                    "TLSv1.2"))) {
                assertThat(((SSLSocket) d.socket()).getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
                String token = c.lock("k", "0");
                assertThat(d.request("l", "k", "0")).isEqualTo("timeout");
                assertThat(d.request("r", "k", token)).isEqualTo("ok");
                assertThat(c.request("stats", "_", "_")).startsWith("ok {\"connections\":2,");
            }
        }
    }

    @Test
    void aHandshakeNotDoneWithinTheReadTimeoutClosesWithoutBytes() throws Exception {
        try (TestServer server = tlsServer(rsa); WireClient silent = server.client()) {
            long start = System.nanoTime();
            silent.assertClosedWithoutBytes(Duration.ofSeconds(5));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            LOG.info("TLS handshake deadline closed a silent peer after {} ms", millis);
            assertThat(millis).isBetween(700L, 4000L);
        }
    }

    @Test
    void aPlaintextClientNeverReachesTheEngine() throws Exception {
        try (TestServer server = tlsServer(rsa); WireClient plain = server.client()) {
            plain.send("l\nk\n0\n");
            String bytes = plain.readUntilClosed(Duration.ofSeconds(5));
            assertThat(bytes).doesNotContain("ok");
            assertThat(server.manager.view(ResourceKey.of("k"))).isEmpty();
        }
    }

    @Test
    void c12ATlsHolderGoneWithoutCloseNotifyIsCleanedUpPromptly() throws Exception {
        try (TestServer server = tlsServer(ec); WireClient waiter = new WireClient(connect(server, ec))) {
            Socket raw = new Socket();
            raw.connect(server.address());
            SSLSocket tls = (SSLSocket) clientContext(ec).getSocketFactory().createSocket(raw, "127.0.0.1",
                    server.address().getPort(), false);
            tls.startHandshake();
            WireClient holder = new WireClient(tls);
            holder.lock("k", "0 60");
            waiter.frame("l", "k", "20");
            await().atMost(PROMPTLY).until(() -> server.manager.view(ResourceKey.of("k"))
                    .map(view -> view.waiters() == 1).orElse(false));
            long start = System.nanoTime();
            raw.close(); // the TCP connection ends, no close_notify
            assertThat(waiter.readLine()).matches("ok [0-9a-f]{32} 33");
            LOG.info("C-12 TLS holder gone without close_notify to grant: {} ms",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    /**
     * The watcher's reads time out every {@value io.dflockd.tcp.internal.ConnectionInput#WATCHER_LINGER_MILLIS} ms;
     * a TLS record that arrives in two halves, with a pause longer than that between them, must still be read whole.
     */
    @Test
    void aTlsRecordSplitAcrossWatcherTimeoutsIsReadWhole() throws Exception {
        SSLContext context = serverContext(rsa);
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.tls(context));
             WireClient holder = new WireClient(connect(server, rsa));
             ServerSocket relay = new ServerSocket(0, 1, server.address().getAddress())) {
            String token = holder.lock("k", "0");
            Thread pump = new Thread(() -> relaySlowly(relay, server));
            pump.setDaemon(true);
            pump.start();
            SSLSocket tls = (SSLSocket) clientContext(rsa).getSocketFactory()
                    .createSocket(server.address().getAddress(), relay.getLocalPort());
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            try (WireClient c = new WireClient(tls)) {
                c.frame("l", "k", "10");
                await().atMost(PROMPTLY).until(() -> server.manager.view(ResourceKey.of("k"))
                        .map(view -> view.waiters() == 1).orElse(false));
                c.frame("ping", "_", "_"); // one record, relayed in two halves 500 ms apart
                c.assertSilentFor(Duration.ofMillis(800));
                assertThat(holder.request("r", "k", token)).isEqualTo("ok");
                assertThat(c.readLine()).matches("ok [0-9a-f]{32} 33");
                assertThat(c.readLine()).isEqualTo("ok");
            }
        }
    }

    /** Relays one connection; each chunk from the client goes on in two halves with a pause between them. */
    private static void relaySlowly(ServerSocket relay, TestServer server) {
        try (Socket client = relay.accept(); Socket upstream = new Socket()) {
            upstream.connect(server.address());
            Thread back = new Thread(() -> copy(upstream, client));
            back.setDaemon(true);
            back.start();
            InputStream in = client.getInputStream();
            java.io.OutputStream out = upstream.getOutputStream();
            byte[] chunk = new byte[16_384];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                out.write(chunk, 0, n / 2);
                out.flush();
                Thread.sleep(500); // the gap under test, not synchronisation
                out.write(chunk, n / 2, n - n / 2);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the test is over
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // the test is over
        }
    }

    @Test
    void authWorksOverTls() throws Exception {
        SSLContext context = serverContext(rsa);
        try (TestServer server = TestServer.start(engine -> { }, tcp -> tcp.tls(context).authToken("pw"));
             WireClient c = new WireClient(connect(server, rsa))) {
            assertThat(c.request("auth", "_", "pw")).isEqualTo("ok");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
        }
    }
}
