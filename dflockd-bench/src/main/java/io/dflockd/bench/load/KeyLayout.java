package io.dflockd.bench.load;

/**
 * Which key each operation uses: one key per worker ({@code distinct}), one key for all ({@code hot}), or {@code K}
 * shared keys swept by all workers together: operation {@code n} of worker {@code w} uses key
 * {@code (n * workers + w) mod K}, so with K below the worker count keys are contended, and with a large K (the idle
 * keys memory scenario) every key is touched once per K operations.
 *
 * @param kind  the layout
 * @param count the number of shared keys for {@link Kind#SHARED}; ignored otherwise
 */
record KeyLayout(Kind kind, int count) {
    /** The layouts. */
    enum Kind {
        /** Worker {@code i} always uses key {@code i}: no contention, the lock logic's fast path. */
        DISTINCT,
        /** Every worker uses key 0: a serial chain of FIFO hand-offs. */
        HOT,
        /** {@code count} keys shared by all workers. */
        SHARED
    }

    KeyLayout {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
        if (kind == Kind.SHARED && count < 1) {
            throw new IllegalArgumentException("shared key count must be at least 1: " + count);
        }
    }

    static KeyLayout distinct() {
        return new KeyLayout(Kind.DISTINCT, 0);
    }

    static KeyLayout hot() {
        return new KeyLayout(Kind.HOT, 1);
    }

    static KeyLayout shared(int count) {
        return new KeyLayout(Kind.SHARED, count);
    }

    /** How many keys a run with {@code workers} workers touches. */
    int keyCount(int workers) {
        switch (kind) {
            case DISTINCT:
                return workers;
            case HOT:
                return 1;
            case SHARED:
                return count;
            default:
                throw new IllegalStateException("unhandled layout: " + kind);
        }
    }

    /** The key index for operation number {@code op} of worker {@code worker} out of {@code workers}. */
    int keyIndex(int worker, int workers, long op) {
        switch (kind) {
            case DISTINCT:
                return worker;
            case HOT:
                return 0;
            case SHARED:
                return (int) ((op * workers + worker) % count);
            default:
                throw new IllegalStateException("unhandled layout: " + kind);
        }
    }

    /** {@code distinct}, {@code hot} or the key count, as written on the command line. */
    String label() {
        return kind == Kind.SHARED ? Integer.toString(count) : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
