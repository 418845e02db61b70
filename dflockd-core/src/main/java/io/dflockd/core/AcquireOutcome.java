package io.dflockd.core;

/** Result of {@link Session#acquire}: granted, timed out, rejected, or ended with the session. */
public sealed interface AcquireOutcome extends Outcome permits Granted, TimedOut, Rejected, SessionClosed {
}
