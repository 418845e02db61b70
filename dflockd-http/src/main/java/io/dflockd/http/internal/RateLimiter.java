package io.dflockd.http.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per client IP (HTTP.md §5.1): a new IP starts with a full bucket of {@code burst}; {@code rate}
 * tokens per second refill it continuously, capped at {@code burst}. Buckets idle for 10 minutes are dropped by
 * {@link #sweep}. Any thread.
 */
public final class RateLimiter {
    /** Buckets idle this long are dropped. */
    public static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final double ratePerNano;
    private final double burst;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code rate} 0 disables the limit; {@code burst} must then be ignored. */
    public RateLimiter(int rate, int burst) {
        this.ratePerNano = rate / 1e9;
        this.burst = burst;
    }

    /** Whether the limit is on. */
    public boolean enabled() {
        return ratePerNano > 0;
    }

    /** Takes a token from {@code ip}'s bucket; false when it is empty. */
    public boolean tryTake(InetAddress ip, long nowNanos) {
        if (!enabled()) {
            return true;
        }
        return buckets.computeIfAbsent(ip, key -> new Bucket(burst, nowNanos)).tryTake(nowNanos, ratePerNano, burst);
    }

    /** Drops buckets idle for {@link #IDLE_NANOS}. */
    public void sweep(long nowNanos) {
        buckets.values().removeIf(bucket -> bucket.idleSince(nowNanos) > IDLE_NANOS);
    }

    /** Buckets held (for tests). */
    int size() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.lastNanos = nowNanos;
        }

        synchronized boolean tryTake(long nowNanos, double ratePerNano, double burst) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized long idleSince(long nowNanos) {
            return nowNanos - lastNanos;
        }
    }
}
