package io.dflockd.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Opens the workers' sockets: {@code TCP_NODELAY} (one small request per write, as every dflockd client does), a read
 * timeout so a stalled server ends a run instead of hanging it, and TLS when asked. Any thread.
 */
final class Connector {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final InetSocketAddress address;
    private final Optional<SSLSocketFactory> tls;
    private final int readTimeoutMillis;

    private Connector(InetSocketAddress address, Optional<SSLSocketFactory> tls, int readTimeoutMillis) {
        this.address = address;
        this.tls = tls;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** A plaintext connector (the echo baseline). */
    static Connector plain(InetSocketAddress address, int readTimeoutMillis) {
        return new Connector(address, Optional.empty(), readTimeoutMillis);
    }

    /** A connector for the server named by {@code options} on {@code port}, with its TLS settings. */
    static Connector forServer(LoadOptions options, int port) throws IOException {
        // An acquire may legitimately wait its whole timeout; allow that plus slack before calling the server stuck.
        long millis = Math.min(Integer.MAX_VALUE, options.acquireTimeoutSeconds() * 1000 + 30_000);
        return new Connector(new InetSocketAddress(options.host(), port), sslFactory(options), (int) millis);
    }

    /** A connected socket, handshaken if TLS. */
    Socket open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(readTimeoutMillis);
            if (tls.isEmpty()) {
                return socket;
            }
            SSLSocket secured = (SSLSocket) tls.get().createSocket(socket, address.getHostString(), address.getPort(),
                    true);
            secured.startHandshake();
            return secured;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    String describe() {
        return address.getHostString() + ":" + address.getPort() + (tls.isPresent() ? " (TLS)" : "");
    }

    private static Optional<SSLSocketFactory> sslFactory(LoadOptions options) throws IOException {
        try {
            switch (options.tls()) {
                case OFF:
                    return Optional.empty();
                case TRUST_ALL:
                    return Optional.of(context(new TrustManager[] {new TrustAll()}).getSocketFactory());
                case CA_FILE:
                    return Optional.of(context(caTrust(options.caFile().orElseThrow())).getSocketFactory());
                default:
                    throw new IllegalStateException("unhandled TLS mode: " + options.tls());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    private static TrustManager[] caTrust(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("no certificate in " + pem);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** Accepts any server certificate: for loopback benchmarking against a self-signed server only. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Never asked: the tool presents no client certificate to check.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately trusting: documented as loopback-only by --tls.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
