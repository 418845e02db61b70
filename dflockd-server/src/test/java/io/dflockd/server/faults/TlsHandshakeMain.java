package io.dflockd.server.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client of {@link TlsVersionIT}, run in its own JVM so that the test can re-enable TLS 1.0 and 1.1 there
 * (the JDK disables them by default, so an in-process client would refuse them itself and the server would never be
 * asked). For each protocol and each port it offers only that protocol and prints one line:
 * {@code <protocol> <port> handshake <negotiated protocol>} or {@code <protocol> <port> refused <exception>}.
 *
 * <p>Usage: {@code TlsHandshakeMain <protocol>[,<protocol>...] <port>...}.
 */
public final class TlsHandshakeMain {
    private TlsHandshakeMain() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAny()}, null);
        for (String protocol : args[0].split(",")) {
            for (int i = 1; i < args.length; i++) {
                System.out.println(protocol + " " + args[i] + " " + handshake(context, protocol,
                        Integer.parseInt(args[i])));
            }
        }
    }

    private static String handshake(SSLContext context, String protocol, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getByName(
                "127.0.0.1"), port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return "handshake " + socket.getSession().getProtocol();
        } catch (IOException e) {
            return "refused " + e;
        }
    }

    /** The test checks which protocol versions are served, not who vouches for the test certificate. */
    private static final class TrustAny implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Accepted: see the class comment.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
