package io.dflockd.core;

/** The session was closed before or while the call ran; the call left nothing behind. */
public record SessionClosed() implements AcquireOutcome, EnqueueOutcome, WaitOutcome {
    /** The only value anyone needs. */
    public static final SessionClosed INSTANCE = new SessionClosed();

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.sessionClosed(this);
    }
}
