package io.dflockd.soak;

import java.util.List;
import java.util.Map;

/**
 * What the {@link HistoryChecker} found.
 *
 * @param operations the operations checked
 * @param grants     the distinct grants the history revealed
 * @param counts     violations per rule (rules without violations are absent)
 * @param violations the first violations of each rule, with their history excerpts
 */
public record CheckResult(long operations, long grants, Map<Rule, Long> counts, List<Violation> violations) {
    public CheckResult {
        counts = Map.copyOf(counts);
        violations = List.copyOf(violations);
    }

    /** The total number of violations, detailed or not. */
    public long violationCount() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether no rule was broken. */
    public boolean isClean() {
        return counts.isEmpty();
    }
}
