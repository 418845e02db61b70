package io.dflockd.core;

/** Result of {@link Session#renew}: renewed with a new lease, or the token is not a current holder. */
public sealed interface RenewOutcome extends Outcome permits Renewed, NotHeld, Rejected {
}
