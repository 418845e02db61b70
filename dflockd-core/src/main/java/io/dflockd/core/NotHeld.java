package io.dflockd.core;

/** The token is not a current holder of the key (unknown, released, or its lease has ended). */
public record NotHeld() implements ReleaseOutcome, RenewOutcome {
    /** The only value anyone needs. */
    public static final NotHeld INSTANCE = new NotHeld();

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.notHeld(this);
    }
}
