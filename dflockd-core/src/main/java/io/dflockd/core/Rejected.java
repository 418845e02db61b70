package io.dflockd.core;

import java.util.Objects;

/** The engine refused the operation for {@code reason}; nothing changed. */
public record Rejected(RejectReason reason) implements AcquireOutcome, EnqueueOutcome, WaitOutcome, ReleaseOutcome,
        RenewOutcome {
    public Rejected {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.rejected(this);
    }
}
