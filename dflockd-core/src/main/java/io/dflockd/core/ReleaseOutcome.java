package io.dflockd.core;

/** Result of {@link Session#release}: released, or the token is not a current holder. */
public sealed interface ReleaseOutcome extends Outcome permits Released, NotHeld, Rejected {
}
