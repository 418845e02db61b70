package io.dflockd.bench.load;

import java.util.Locale;
import java.util.Objects;

/**
 * One of issue 6's targets, checked against measured medians.
 *
 * @param target   the target as stated, e.g. {@code tcp distinct 32w >= 0.90 x echo 32w ops/s}
 * @param measured the measured ratio
 * @param required the bound the ratio must respect
 * @param atLeast  true if the ratio must be at least {@code required}, false if at most
 */
record TargetCheck(String target, double measured, double required, boolean atLeast) {
    TargetCheck {
        Objects.requireNonNull(target, "target");
    }

    boolean met() {
        return atLeast ? measured >= required : measured <= required;
    }

    String line() {
        return String.format(Locale.ROOT, "%-58s measured %6.3f  %s", target, measured, met() ? "MET" : "MISSED");
    }
}
