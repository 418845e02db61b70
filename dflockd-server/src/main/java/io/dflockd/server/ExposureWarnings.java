package io.dflockd.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The start-up warnings of SERVER.md §7.2: unless every listener (TCP, and HTTP when enabled) is bound to a loopback
 * address, each protection limit left at 0 (unlimited) gets one WARN line; the HTTP limits only when HTTP is on.
 * Host names are never resolved: only the literal {@code localhost} and dotted-quad IPv4 literals in
 * {@code 127.0.0.0/8} or IPv6 literals equal to {@code ::1} count as loopback.
 */
final class ExposureWarnings {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4_LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private ExposureWarnings() {
    }

    /** Whether a bind address is loopback without any name lookup; empty and wildcard addresses are not. */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal;
        if (IPV4_LITERAL.matcher(host).matches()) {
            literal = host;
        } else if (host.indexOf(':') >= 0) {
            // Brackets make the JDK parse an IPv6 literal or fail; without them a bad literal would be looked up.
            literal = host.startsWith("[") ? host : "[" + host + "]";
        } else {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** One warning per unlimited setting when a listener is exposed; none when every listener is on loopback. */
    static List<String> of(ServerSettings settings) {
        List<String> warnings = new ArrayList<>();
        Optional<ServerSettings.HttpSettings> http = settings.http();
        boolean everyListenerOnLoopback = isLoopback(settings.host())
                && http.map(listener -> isLoopback(listener.host())).orElse(true);
        if (everyListenerOnLoopback) {
            return warnings;
        }
        String where = "a listener is not on loopback (tcp host '" + settings.host() + "'"
                + http.map(listener -> ", http host '" + listener.host() + "'").orElse("") + ")";
        addIfUnlimited(warnings, "--max-connections", settings.maxConnections(), where);
        addIfUnlimited(warnings, "--max-connections-per-ip", settings.maxConnectionsPerIp(), where);
        addIfUnlimited(warnings, "--max-waiters", settings.maxWaiters(), where);
        http.ifPresent(listener -> {
            addIfUnlimited(warnings, "--http-max-sessions", listener.maxSessions(), where);
            addIfUnlimited(warnings, "--http-max-sessions-per-ip", listener.maxSessionsPerIp(), where);
            addIfUnlimited(warnings, "--http-max-connections-per-ip", listener.maxConnectionsPerIp(), where);
            addIfUnlimited(warnings, "--http-rate-limit-per-ip", listener.rateLimitPerIp(), where);
        });
        return warnings;
    }

    private static void addIfUnlimited(List<String> warnings, String flag, long value, String where) {
        if (value == 0) {
            warnings.add(flag + " is 0 (unlimited) and " + where + "; set a limit before exposing the server");
        }
    }
}
