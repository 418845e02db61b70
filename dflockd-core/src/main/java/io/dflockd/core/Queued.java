package io.dflockd.core;

/** An enqueue joined the key's queue; collect the grant with {@code awaitGrant}. */
public record Queued() implements EnqueueOutcome {
    /** The only value anyone needs. */
    public static final Queued INSTANCE = new Queued();

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.queued(this);
    }
}
