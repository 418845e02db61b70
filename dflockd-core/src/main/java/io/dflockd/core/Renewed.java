package io.dflockd.core;

import java.time.Duration;
import java.util.Objects;

/** The lease was renewed; it now ends {@code leaseTtl} after the renew. */
public record Renewed(Duration leaseTtl) implements RenewOutcome {
    public Renewed {
        Objects.requireNonNull(leaseTtl, "leaseTtl");
    }

    @Override
    public <R> R accept(OutcomeVisitor<R> visitor) {
        return visitor.renewed(this);
    }
}
