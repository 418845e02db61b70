package io.dflockd.soak;

import java.util.Objects;

/**
 * One key the soak clients contend on.
 *
 * @param name  the key
 * @param limit 1 for a lock, more for a semaphore
 */
public record KeySpec(String name, int limit) {
    public KeySpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
    }
}
