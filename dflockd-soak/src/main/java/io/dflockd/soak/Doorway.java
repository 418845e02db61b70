package io.dflockd.soak;

/**
 * One open session through one door. Every method answers; none throws for a server-side outcome or a broken
 * connection (those become {@link Result#REJECTED} and {@link Result#UNKNOWN}). The owning client calls the lock
 * operations from its one thread; {@link #close()} may also be called from another thread to cut a blocked call
 * short.
 */
interface Doorway {

    /** Acquire, waiting up to {@code timeoutSeconds}. */
    Answer acquire(String key, int limit, long timeoutSeconds, long ttlSeconds) throws InterruptedException;

    /** Two-phase step 1. */
    Answer enqueue(String key, int limit, long ttlSeconds);

    /** Two-phase step 2, waiting up to {@code timeoutSeconds}. */
    Answer await(String key, long timeoutSeconds) throws InterruptedException;

    /** Release by token. */
    Answer release(String key, String token);

    /** Renew by token. */
    Answer renew(String key, String token, long ttlSeconds);

    /** Ends the session; {@link Result#SENT} (cleanup runs asynchronously on every door) or UNKNOWN. */
    Answer close();
}
