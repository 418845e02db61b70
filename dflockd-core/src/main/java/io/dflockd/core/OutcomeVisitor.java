package io.dflockd.core;

/**
 * An exhaustive dispatch over every {@link Outcome} record. Java 17 has no pattern {@code switch} over a sealed
 * hierarchy, so adapters that map outcomes to a wire format implement this: adding an outcome adds a method here and
 * breaks every mapping until it handles the new case.
 *
 * @param <R> what the mapping produces
 */
public interface OutcomeVisitor<R> {
    R granted(Granted granted);

    R acquired(Acquired acquired);

    R queued(Queued queued);

    R timedOut(TimedOut timedOut);

    R released(Released released);

    R renewed(Renewed renewed);

    R notHeld(NotHeld notHeld);

    R rejected(Rejected rejected);

    R sessionClosed(SessionClosed sessionClosed);
}
