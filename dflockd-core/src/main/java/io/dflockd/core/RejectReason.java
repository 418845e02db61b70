package io.dflockd.core;

/** Why the engine refused an operation. Expected results, never exceptions. */
public enum RejectReason {
    /** Creating the key would exceed {@code maxLocks}; nothing was created. */
    MAX_LOCKS,
    /** The key's queue already holds {@code maxWaiters} waiters. */
    MAX_WAITERS,
    /** The request names a limit other than the existing resource's limit. */
    LIMIT_MISMATCH,
    /** The session already has a two-phase entry (queued or granted) for the key. */
    ALREADY_ENQUEUED,
    /** {@code awaitGrant} without a pending two-phase entry for the key. */
    NOT_ENQUEUED,
    /** The grant's lease ended before it could be delivered to the caller. */
    LEASE_EXPIRED,
    /** The lock manager is shutting down: blocked calls end and new ones are refused. */
    SHUTTING_DOWN,
    /** No fence value could be minted (the durable reservation is used up, or the counter is exhausted). */
    FENCE_PERSISTENCE
}
