package io.dflockd.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Collects violations: every one is counted, the first {@link #MAX_DETAILED} per rule keep their evidence (a broken
 * rule tends to break thousands of times; the first few excerpts are what a reader needs). Single-threaded.
 */
final class Violations {
    static final int MAX_DETAILED = 20;

    private final long originNanos;
    private final Map<Rule, Long> counts = new EnumMap<>(Rule.class);
    private final List<Violation> detailed = new ArrayList<>();

    Violations(long originNanos) {
        this.originNanos = originNanos;
    }

    void add(Rule rule, String summary, Op... evidence) {
        add(rule, summary, Arrays.asList(evidence));
    }

    void add(Rule rule, String summary, List<Op> evidence) {
        long seen = counts.merge(rule, 1L, Long::sum);
        if (seen <= MAX_DETAILED) {
            List<String> lines = evidence.stream()
                    .sorted(Comparator.comparingLong(Op::invokedNanos))
                    .map(op -> op.describe(originNanos))
                    .toList();
            detailed.add(new Violation(rule, summary, lines));
        }
    }

    CheckResult result(long operations, long grants) {
        return new CheckResult(operations, grants, counts, detailed);
    }
}
