package io.dflockd.core;

/** Result of {@link Session#awaitGrant}: granted, timed out, rejected, or ended with the session. */
public sealed interface WaitOutcome extends Outcome permits Granted, TimedOut, Rejected, SessionClosed {
}
