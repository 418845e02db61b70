package io.dflockd.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-tool mutual exclusion check: per key, the number of workers that currently believe they hold it.
 *
 * <p>A worker calls {@link #acquired} after it has read a grant reply and {@link #releasing} before it sends the
 * release. The server grants the next holder only after it has received that release, so with a correct server the
 * two calls of every holder bracket an interval that no other holder's interval overlaps by more than
 * {@code limit - 1}: a count above the limit is a real violation, never an artefact of the check. (With a lease TTL
 * shorter than an operation the server may legitimately re-grant an expired lease; keep TTLs long.)
 *
 * <p>Any thread; lock-free.
 */
final class HolderLedger {
    private final AtomicIntegerArray holders;
    private final int limit;
    private final AtomicLong violations = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>("");

    HolderLedger(int keys, int limit) {
        if (keys < 1 || limit < 1) {
            throw new IllegalArgumentException("keys and limit must be positive: " + keys + ", " + limit);
        }
        this.holders = new AtomicIntegerArray(keys);
        this.limit = limit;
    }

    /** Worker side, after a grant reply for key {@code key}. Returns false if this grant broke the limit. */
    boolean acquired(int key) {
        int now = holders.incrementAndGet(key);
        if (now > limit) {
            violations.incrementAndGet();
            first.compareAndSet("", "key #" + key + " had " + now + " holders at once (limit " + limit + ")");
            return false;
        }
        return true;
    }

    /** Worker side, before sending the release of key {@code key}. */
    void releasing(int key) {
        holders.decrementAndGet(key);
    }

    /** Grants seen while the key already had {@code limit} holders. */
    long violations() {
        return violations.get();
    }

    /** A description of the first violation, or an empty string. */
    String firstViolation() {
        return first.get();
    }
}
