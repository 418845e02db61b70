package io.dflockd.core.internal.fence;

/**
 * Where fences come from: one strictly increasing counter per lock manager, shared by every key.
 *
 * <p>{@link #next()} is called by drainers, so it never blocks and never does I/O: durable reservations (with a state
 * file) are written ahead of need by a background reserver. When no value can be handed out it answers
 * {@link #EXHAUSTED} instead of allocating a result object on the grant path.
 */
public interface FenceSource extends AutoCloseable {
    /** Returned by {@link #next()} when no fence can be minted now; never a valid fence (fences start above 0). */
    long EXHAUSTED = 0L;

    /** The next fence (unsigned 64-bit, &gt; 0), or {@link #EXHAUSTED}. Any thread; never blocks. */
    long next();

    /**
     * Registers the action to run (on the reserver's thread) after each new durable reservation, so the engine can
     * retry promotions that failed with {@link #EXHAUSTED}. At most one listener (a second one is refused with
     * {@link IllegalStateException} where reservations exist); call before the first {@link #next()}.
     */
    void onReservation(Runnable listener);

    /** One line for the start-up log: which source, and where fences start. Never contains a secret. */
    String describe();

    /** Stops the reserver and closes (and unlocks) the state file, if any. Idempotent. */
    @Override
    void close();
}
