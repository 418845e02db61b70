package io.dflockd.core;

import java.util.Optional;

/**
 * The embeddable engine: strict per-key FIFO locks and semaphores with leases and fencing tokens. The only entry
 * point; adapters (TCP, HTTP) translate their wire formats into calls on it and hold no lock rules.
 *
 * <pre>{@code
 * try (LockManager manager = LockManager.create(LockManagerConfig.defaults());
 *      Session session = manager.openSession()) {
 *     ResourceKey key = ResourceKey.of("deploy-job");
 *     if (session.acquire(key, 1, Duration.ofSeconds(10)) instanceof Granted granted) {
 *         try {
 *             // critical section
 *         } finally {
 *             session.release(key, granted.grant().token());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Life cycle: running, then {@link #beginShutdown()} (blocked calls end with
 * {@link RejectReason#SHUTTING_DOWN}, new ones are refused with it; sessions can still be closed), then
 * {@link #close()} (stops the sweeper and collector and closes the fence state file).
 */
public interface LockManager extends AutoCloseable {

    /**
     * Starts a manager: opens the fence source (locking and recovering the state file and making the first
     * reservation durable, or seeding from the wall clock) and starts the lease sweeper and the idle collector.
     *
     * @throws FenceStateException if the fence state file cannot be used
     */
    static LockManager create(LockManagerConfig config) {
        return io.dflockd.core.internal.Engine.start(config);
    }

    /** The settings this manager was created with. */
    LockManagerConfig config();

    /** Opens a new session with the next id of this manager's sequence. Throws {@link IllegalStateException} once shutting down. */
    Session openSession();

    /** A consistent-per-key snapshot of every resource; reading it changes nothing. */
    StatsSnapshot stats();

    /** The view of one resource (no queue position); empty when the key does not exist. Changes nothing. */
    Optional<ResourceView> view(ResourceKey key);

    /** Ends blocked calls with {@link RejectReason#SHUTTING_DOWN} and refuses new ones. Idempotent. */
    void beginShutdown();

    /** Whether {@link #beginShutdown()} or {@link #close()} has been called. */
    boolean isShuttingDown();

    /** Shuts down (if not yet), closes every open session, stops background work, closes the fence file. Idempotent. */
    @Override
    void close();
}
