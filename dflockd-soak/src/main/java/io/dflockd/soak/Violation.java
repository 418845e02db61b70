package io.dflockd.soak;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule, with the history excerpt that proves it.
 *
 * @param rule     the rule
 * @param summary  one line saying what is wrong
 * @param evidence the operations involved, rendered by {@link Op#describe}, in time order
 */
public record Violation(Rule rule, String summary, List<String> evidence) {
    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(summary, "summary");
        evidence = List.copyOf(evidence);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(rule.name()).append(": ").append(summary);
        evidence.forEach(line -> b.append("\n    ").append(line));
        return b.toString();
    }
}
