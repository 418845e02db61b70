package io.dflockd.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A held grant was lost: its renewal failed (the server refused it, the connection broke, the server is draining,
 * or no reply came before the lease ended). The holder is already "not held" when this is delivered.
 *
 * @param key   the key of the lost grant
 * @param fence the lost grant's fence (unsigned), empty when its token was not in the 32-hex form
 * @param cause why renewal failed
 */
public record LeaseLostEvent(String key, OptionalLong fence, DflockdException cause) {
    public LeaseLostEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(cause, "cause");
    }
}
