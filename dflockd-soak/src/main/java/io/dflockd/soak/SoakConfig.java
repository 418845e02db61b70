package io.dflockd.soak;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a soak run does.
 *
 * @param clients  how many clients, spread round-robin over TCP, HTTP and embedded sessions
 * @param duration how long the clients issue new operations (blocked calls then finish on their own)
 * @param seed     the seed of every client's random choices (client i uses {@code seed + i})
 * @param keys     the keys contended on
 * @param margin   the checker's slack on every time bound
 * @param shorteningRenews whether a client may renew with a TTL shorter than its grant's current one (a renew sets
 *                 lease end = now + TTL, so this moves the lease end earlier); off avoids the engine defect
 *                 described in the README ("Findings") while it is open
 */
public record SoakConfig(int clients, Duration duration, long seed, List<KeySpec> keys, Duration margin,
        boolean shorteningRenews) {
    /** Two locks and two semaphores (limits 3 and 5). */
    public static final List<KeySpec> DEFAULT_KEYS = List.of(new KeySpec("soak-lock-a", 1),
            new KeySpec("soak-lock-b", 1), new KeySpec("soak-sem-3", 3), new KeySpec("soak-sem-5", 5));
    /** The default checker slack. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMillis(2);

    public SoakConfig {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, was " + clients);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys must not be empty");
        }
        Objects.requireNonNull(margin, "margin");
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must be >= 0, was " + margin);
        }
    }

    /** {@code clients} clients for {@code duration} on the default keys, the full workload. */
    public static SoakConfig of(int clients, Duration duration, long seed) {
        return new SoakConfig(clients, duration, seed, DEFAULT_KEYS, DEFAULT_MARGIN, true);
    }

    /** This configuration with {@link #shorteningRenews()} set to {@code value}. */
    public SoakConfig withShorteningRenews(boolean value) {
        return new SoakConfig(clients, duration, seed, keys, margin, value);
    }
}
