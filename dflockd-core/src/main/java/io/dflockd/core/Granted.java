package io.dflockd.core;

import java.util.Objects;

/** The caller holds {@code grant}; its lease runs from the moment the call returned. */
public record Granted(Grant grant) implements AcquireOutcome, WaitOutcome {
    public Granted {
        Objects.requireNonNull(grant, "grant");
    }

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.granted(this);
    }
}
