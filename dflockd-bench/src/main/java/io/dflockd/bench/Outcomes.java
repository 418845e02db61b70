package io.dflockd.bench;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Granted;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.Released;
import io.dflockd.core.Token;

/**
 * Checks every benchmark applies to the outcomes it measures, so that a run which silently times out or fails to
 * release stops with an exception instead of publishing the speed of an error path.
 */
final class Outcomes {
    private Outcomes() {
    }

    /** The token of a {@link Granted} outcome; anything else ends the benchmark. */
    static Token tokenOf(AcquireOutcome outcome) {
        if (outcome instanceof Granted granted) {
            return granted.grant().token();
        }
        throw new IllegalStateException("the benchmark expected a grant, got " + outcome);
    }

    /** {@code outcome}, which must be {@link Released}; anything else ends the benchmark. */
    static ReleaseOutcome released(ReleaseOutcome outcome) {
        if (outcome instanceof Released) {
            return outcome;
        }
        throw new IllegalStateException("the benchmark expected a release, got " + outcome);
    }
}
