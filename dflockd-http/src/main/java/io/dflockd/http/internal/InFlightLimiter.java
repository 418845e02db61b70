package io.dflockd.http.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-IP cap on requests in progress ({@code --http-max-connections-per-ip}, HTTP.md §5.2). The JDK's server has
 * no accept hook, so requests in progress (long-polls included) are counted, not connections. Any thread.
 */
public final class InFlightLimiter {
    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

    /** {@code max} 0 = unlimited. */
    public InFlightLimiter(int max) {
        this.max = max;
    }

    /** Counts one more request from {@code ip}; false (and nothing counted) when it already has the maximum. */
    public boolean tryEnter(InetAddress ip) {
        if (max == 0) {
            return true;
        }
        boolean[] entered = {false};
        counts.compute(ip, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            entered[0] = true;
            return current + 1;
        });
        return entered[0];
    }

    /** Ends a request counted by a successful {@link #tryEnter}. */
    public void exit(InetAddress ip) {
        if (max == 0) {
            return;
        }
        counts.computeIfPresent(ip, (key, count) -> count == 1 ? null : count - 1);
    }
}
