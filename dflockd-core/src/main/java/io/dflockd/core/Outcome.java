package io.dflockd.core;

/**
 * Root of every operation outcome. Each operation narrows it to its own sealed interface
 * ({@link AcquireOutcome}, {@link EnqueueOutcome}, {@link WaitOutcome}, {@link ReleaseOutcome},
 * {@link RenewOutcome}); the records below are shared between them so that a mapping class in an
 * adapter can switch over one closed set.
 */
public sealed interface Outcome permits AcquireOutcome, EnqueueOutcome, WaitOutcome, ReleaseOutcome, RenewOutcome {

    /** Calls the {@code visitor} method for this outcome's record and returns its result. */
    <R> R accept(OutcomeVisitor<R> visitor);
}
