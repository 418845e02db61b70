package io.dflockd.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One held slot of one resource, as handed to the caller that was granted it.
 *
 * @param key      the resource
 * @param token    names the grant; present it to {@code renew} or {@code release}
 * @param leaseTtl the lease length; the lease ends this long after the call that returned the grant
 */
public record Grant(ResourceKey key, Token token, Duration leaseTtl) {
    public Grant {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(leaseTtl, "leaseTtl");
    }

    /** The grant's fencing number (unsigned 64-bit): larger means later, for the same key. */
    public long fence() {
        return token.fence();
    }
}
