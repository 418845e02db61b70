package io.dflockd.core;

import java.util.Objects;

/** An enqueue took the fast path: the caller holds {@code grant} now, and may collect it again with {@code awaitGrant}. */
public record Acquired(Grant grant) implements EnqueueOutcome {
    public Acquired {
        Objects.requireNonNull(grant, "grant");
    }

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.acquired(this);
    }
}
