package io.dflockd.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that can only speak TLS 1.3 and 1.2 (SERVER.md §6), whichever way a listener uses it: every
 * engine, socket and server socket it creates has only those protocols enabled, and its default parameters (which
 * {@code HttpsConfigurator} applies) list only those. Everything else is delegated to the wrapped JDK context.
 */
final class ProtocolRestrictedSslContext extends SSLContext {
    /** Newest first; anything older is never enabled. */
    static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ProtocolRestrictedSslContext(SSLContext delegate, String[] protocols) {
        super(new Spi(delegate, protocols), delegate.getProvider(), delegate.getProtocol());
    }

    /** Wraps an initialised context; fails if it supports neither TLS 1.3 nor TLS 1.2. */
    static SSLContext wrap(SSLContext delegate) {
        List<String> supported = Arrays.asList(delegate.getSupportedSSLParameters().getProtocols());
        String[] protocols = ALLOWED_PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
        if (protocols.length == 0) {
            throw new IllegalStateException("the JDK supports neither TLS 1.3 nor TLS 1.2");
        }
        return new ProtocolRestrictedSslContext(delegate, protocols);
    }

    /** Delegates to the wrapped context, restricting protocols on everything it hands out. */
    private static final class Spi extends SSLContextSpi {
        private final SSLContext delegate;
        private final String[] protocols;

        Spi(SSLContext delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws KeyManagementException {
            delegate.init(keyManagers, trustManagers, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new RestrictedSocketFactory(delegate.getSocketFactory(), protocols);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new RestrictedServerSocketFactory(delegate.getServerSocketFactory(), protocols);
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return restrict(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return restrict(delegate.createSSLEngine(host, port));
        }

        private SSLEngine restrict(SSLEngine engine) {
            engine.setEnabledProtocols(protocols.clone());
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters parameters = delegate.getDefaultSSLParameters();
            parameters.setProtocols(protocols.clone());
            return parameters;
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            SSLParameters parameters = delegate.getSupportedSSLParameters();
            parameters.setProtocols(protocols.clone());
            return parameters;
        }
    }

    /** Server sockets with only the allowed protocols enabled. */
    private static final class RestrictedServerSocketFactory extends SSLServerSocketFactory {
        private final SSLServerSocketFactory delegate;
        private final String[] protocols;

        RestrictedServerSocketFactory(SSLServerSocketFactory delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private ServerSocket restrict(ServerSocket socket) {
            ((SSLServerSocket) socket).setEnabledProtocols(protocols.clone());
            return socket;
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return restrict(delegate.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return restrict(delegate.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return restrict(delegate.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            return restrict(delegate.createServerSocket(port, backlog, address));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }

    /** Sockets (including ones layered over an accepted plain socket) with only the allowed protocols enabled. */
    private static final class RestrictedSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String[] protocols;

        RestrictedSocketFactory(SSLSocketFactory delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private Socket restrict(Socket socket) {
            ((SSLSocket) socket).setEnabledProtocols(protocols.clone());
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(delegate.createSocket(host, port, localAddress, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
