package io.dflockd.core;

/** Result of {@link Session#enqueue}: granted at once, queued, rejected, or the session is closed. */
public sealed interface EnqueueOutcome extends Outcome permits Acquired, Queued, Rejected, SessionClosed {
}
