package io.dflockd.core;

/** The grant was released and its slot handed to the next waiter, if any. */
public record Released() implements ReleaseOutcome {
    /** The only value anyone needs. */
    public static final Released INSTANCE = new Released();

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.released(this);
    }
}
