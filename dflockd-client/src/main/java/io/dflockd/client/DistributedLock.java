package io.dflockd.client;

import java.util.concurrent.locks.Lock;

/**
 * A distributed lock: the holder of one key with limit 1 on a dflockd server (CLIENT.md §4).
 *
 * <pre>{@code
 * try (DistributedLock lock = DistributedLock.builder("deploy-job")
 *         .leaseTtl(Duration.ofSeconds(60))
 *         .servers(List.of("127.0.0.1:6388"))
 *         .build()) {
 *     if (lock.acquire()) {
 *         // critical section; the lease is renewed in the background
 *     }
 * }
 * }</pre>
 *
 * <p>The operations and their contract (renewal, thread safety, interruption, {@code toString()}) are those of
 * every {@link DistributedHolder}; the wire commands are the lock's ({@code l}, {@code e}, {@code w}, {@code n},
 * {@code r}). {@link #asJavaLock()} adds a {@link Lock} view.
 */
public final class DistributedLock extends DistributedHolder {
    private DistributedLock(HolderConfig config) {
        super(config);
    }

    /** A builder for the lock of {@code key} (non-empty, at most 256 UTF-8 bytes, no space, TAB, CR or LF). */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /**
     * A {@link Lock} view of this instance, for code written against {@code java.util.concurrent}. {@code lock()}
     * blocks until granted (retrying acquire timeouts; interrupts re-asserted on return),
     * {@code lockInterruptibly()}, {@code tryLock()} (never jumps the queue), {@code tryLock(time, unit)} (time
     * rounded up to seconds), and {@code unlock()} = {@link #release()}, callable from <b>any</b> thread, since
     * ownership is the token, not the thread. <b>Not reentrant</b>: {@code lock}/{@code tryLock} while this instance
     * already holds or is queued throws {@link IllegalStateException} (the held grant is never silently abandoned).
     * {@code newCondition()} throws {@link UnsupportedOperationException}.
     */
    public Lock asJavaLock() {
        return new JavaLockView(holder);
    }

    /** Builder: {@code key} required; every other option has a default. Not thread-safe. */
    public static final class Builder extends HolderBuilder<Builder> {
        private Builder(String key) {
            super(key);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Validates every option; {@link IllegalArgumentException} naming the first invalid one. */
        public DistributedLock build() {
            return new DistributedLock(config(false, 1));
        }
    }
}
