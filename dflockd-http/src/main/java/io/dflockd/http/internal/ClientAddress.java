package io.dflockd.http.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** The client IP a request counts against: the socket peer, IPv4-mapped IPv6 as its IPv4 form (HTTP.md §5.2). */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** The normalised peer address of {@code remote}. */
    public static InetAddress of(InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }
}
