package io.dflockd.protocol;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The lease a request asks for: either a number of whole seconds (1 to {@value WireRules#MAX_SECONDS}), or the
 * server's default, which on the wire is an omitted field. The default's value is the server's business, so it is
 * not known here: {@link #secondsOr(long)} takes it.
 */
public final class LeaseTtl {
    /** No lease field: the server applies its default. */
    public static final LeaseTtl SERVER_DEFAULT = new LeaseTtl(0);

    private final long seconds;

    private LeaseTtl(long seconds) {
        this.seconds = seconds;
    }

    /**
     * A lease of exactly {@code seconds}.
     *
     * @throws IllegalArgumentException unless 1 ≤ seconds ≤ {@link WireRules#MAX_SECONDS}
     */
    public static LeaseTtl ofSeconds(long seconds) {
        if (seconds < 1 || seconds > WireRules.MAX_SECONDS) {
            throw new IllegalArgumentException("lease must be within 1.." + WireRules.MAX_SECONDS + " s: " + seconds);
        }
        return new LeaseTtl(seconds);
    }

    /**
     * The lease for a client's {@link Duration}: {@link Duration#ZERO} is the server default, anything else is
     * rounded up to whole seconds (CLIENT.md §5.2).
     *
     * @throws IllegalArgumentException if negative or above {@link WireRules#MAX_SECONDS} after rounding
     */
    public static LeaseTtl fromDuration(Duration ttl) {
        long rounded = WireRules.secondsRoundedUp(ttl);
        return rounded == 0 ? SERVER_DEFAULT : new LeaseTtl(rounded);
    }

    /** Whether this is the server default (no lease field on the wire). */
    public boolean isServerDefault() {
        return seconds == 0;
    }

    /** The requested seconds, empty for the server default. */
    public OptionalLong seconds() {
        return seconds == 0 ? OptionalLong.empty() : OptionalLong.of(seconds);
    }

    /** The requested seconds, or {@code defaultSeconds} for the server default. */
    public long secondsOr(long defaultSeconds) {
        return seconds == 0 ? defaultSeconds : seconds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeaseTtl other && seconds == other.seconds;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seconds);
    }

    @Override
    public String toString() {
        return seconds == 0 ? "LeaseTtl[server default]" : "LeaseTtl[" + seconds + " s]";
    }
}
