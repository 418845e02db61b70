package io.dflockd.client;

import java.util.Objects;

/**
 * A server address, {@code host:port}; an IPv6 literal is written in brackets ({@code [::1]:6388}).
 *
 * @param host the host name or IP literal, without brackets
 * @param port the TCP port, 1..65535
 */
record HostPort(String host, int port) {
    HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}; throws IllegalArgumentException naming the bad address. */
    static HostPort parse(String address) {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, was \"" + address + "\"");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new IllegalArgumentException("bad bracketed IPv6 address \"" + address + "\"");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("IPv6 literals must be in brackets, was \"" + address + "\"");
        }
        String portText = address.substring(colon + 1);
        int port;
        try {
            port = portText.chars().allMatch(c -> c >= '0' && c <= '9') && portText.length() <= 5
                    ? Integer.parseInt(portText) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("bad port in address \"" + address + "\"");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
