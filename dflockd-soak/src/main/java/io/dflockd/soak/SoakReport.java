package io.dflockd.soak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a soak run: what ran, how many operations of each kind and answer, and every violation (the
 * checker's and the end-of-run idleness checks').
 *
 * @param config     the run's configuration
 * @param elapsed    wall time from the first client start to the last client end
 * @param javaVersion the JDK that ran it
 * @param operations operations per kind
 * @param answers    operations per kind and answer, e.g. {@code ACQUIRE GRANTED}
 * @param check      the history checker's result
 * @param endChecks  violations found after the clients stopped (stuck clients, a server not idle)
 */
public record SoakReport(SoakConfig config, Duration elapsed, String javaVersion, Map<OpKind, Long> operations,
        Map<String, Long> answers, CheckResult check, List<Violation> endChecks) {

    public SoakReport {
        operations = Map.copyOf(operations);
        answers = Map.copyOf(answers);
        endChecks = List.copyOf(endChecks);
    }

    static SoakReport of(SoakConfig config, Duration elapsed, List<Op> history, CheckResult check,
            List<Violation> endChecks) {
        Map<OpKind, Long> operations = new EnumMap<>(OpKind.class);
        Map<String, Long> answers = new TreeMap<>();
        for (Op op : history) {
            operations.merge(op.kind(), 1L, Long::sum);
            answers.merge(op.kind() + " " + op.result() + (op.detail().isEmpty() || op.result() != Result.REJECTED
                    ? "" : " " + op.detail()), 1L, Long::sum);
        }
        return new SoakReport(config, elapsed, System.getProperty("java.version"), operations, answers, check,
                endChecks);
    }

    /** Every violation: the checker's plus the end checks. */
    public long violationCount() {
        return check.violationCount() + endChecks.size();
    }

    /** All detailed violations. */
    public List<Violation> violations() {
        List<Violation> all = new ArrayList<>(check.violations());
        all.addAll(endChecks);
        return all;
    }

    /** Violations per rule, the checker's and the end checks' together. */
    public Map<Rule, Long> countsByRule() {
        Map<Rule, Long> counts = new EnumMap<>(Rule.class);
        counts.putAll(check.counts());
        endChecks.forEach(v -> counts.merge(v.rule(), 1L, Long::sum));
        return counts;
    }

    /** A human-readable summary. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("soak: %d clients (TCP, HTTP, embedded round-robin), %s configured, %.1f s elapsed,"
                + " JDK %s, seed %d%n", config.clients(), config.duration(), elapsed.toMillis() / 1000.0, javaVersion,
                config.seed()));
        b.append(String.format("operations: %d total, %d grants%n", check.operations(), check.grants()));
        new TreeMap<>(operations).forEach((kind, n) -> b.append(String.format("  %-8s %d%n", kind, n)));
        b.append("answers:\n");
        new TreeMap<>(answers).forEach((answer, n) -> b.append(String.format("  %-32s %d%n", answer, n)));
        b.append("violations: ").append(violationCount()).append('\n');
        countsByRule().forEach((rule, n) -> b.append(String.format("  %-18s %d%n", rule, n)));
        violations().forEach(v -> b.append("  ").append(v).append('\n'));
        return b.toString();
    }

    /** The same summary as JSON. */
    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("clients", config.clients());
        root.put("duration_s", config.duration().toSeconds());
        root.put("elapsed_ms", elapsed.toMillis());
        root.put("java_version", javaVersion);
        root.put("seed", config.seed());
        root.put("operations_total", check.operations());
        root.put("grants", check.grants());
        ObjectNode ops = root.putObject("operations");
        new TreeMap<>(operations).forEach((kind, n) -> ops.put(kind.name(), n));
        ObjectNode answerNode = root.putObject("answers");
        new TreeMap<>(answers).forEach(answerNode::put);
        root.put("violations_total", violationCount());
        ObjectNode counts = root.putObject("violations_by_rule");
        countsByRule().forEach((rule, n) -> counts.put(rule.name(), n));
        ArrayNode details = root.putArray("violations");
        for (Violation v : violations()) {
            ObjectNode node = details.addObject();
            node.put("rule", v.rule().name());
            node.put("summary", v.summary());
            ArrayNode evidence = node.putArray("evidence");
            v.evidence().forEach(evidence::add);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }
}
