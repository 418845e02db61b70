package io.dflockd.client;

/**
 * A distributed semaphore: the holder of <b>one</b> slot of a key with limit N on a dflockd server (CLIENT.md §4).
 * To hold two slots, use two instances. A semaphore of limit 1 and a {@link DistributedLock} on the same key
 * contend for the same resource; another limit on a lock's key fails with {@link LimitMismatchException}.
 *
 * <pre>{@code
 * try (DistributedSemaphore sem = DistributedSemaphore.builder("rate-limited-api", 5).build()) {
 *     if (sem.acquire()) {
 *         // at most 5 holders run this at once
 *     }
 * }
 * }</pre>
 *
 * <p>The operations and their contract (renewal, thread safety, interruption, {@code toString()}) are those of
 * every {@link DistributedHolder}; the wire commands are the semaphore's ({@code sl}, {@code se}, {@code sw},
 * {@code sn}, {@code sr}).
 */
public final class DistributedSemaphore extends DistributedHolder {
    private DistributedSemaphore(HolderConfig config) {
        super(config);
    }

    /** A builder for one slot of {@code key} with {@code limit} (1..1,048,576) concurrent holders. */
    public static Builder builder(String key, int limit) {
        return new Builder(key, limit);
    }

    /** Builder: {@code key} and {@code limit} required; every other option has a default. Not thread-safe. */
    public static final class Builder extends HolderBuilder<Builder> {
        private final int limit;

        private Builder(String key, int limit) {
            super(key);
            this.limit = limit;
        }

        @Override
        Builder self() {
            return this;
        }

        /** Validates every option; {@link IllegalArgumentException} naming the first invalid one. */
        public DistributedSemaphore build() {
            return new DistributedSemaphore(config(true, limit));
        }
    }
}
