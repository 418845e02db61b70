package io.dflockd.server.faults;

import io.dflockd.server.testing.AcceptAnyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

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
        // the test checks which protocol versions are served, not who vouches for the test certificate
        SSLContext context = AcceptAnyServer.clientContext();
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
}
