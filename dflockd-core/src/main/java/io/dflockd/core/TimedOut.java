package io.dflockd.core;

/** The timeout passed without a grant; nothing is left queued for the call. */
public record TimedOut() implements AcquireOutcome, WaitOutcome {
    /** The only value anyone needs. */
    public static final TimedOut INSTANCE = new TimedOut();

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.timedOut(this);
    }
}
