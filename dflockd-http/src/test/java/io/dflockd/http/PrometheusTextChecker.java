package io.dflockd.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict checker of the Prometheus text exposition format 0.0.4, written for the tests (the Java client has no
 * parser). It checks every line's syntax, that each family has exactly one {@code # HELP} and one {@code # TYPE}
 * before its samples, that samples belong to a declared family with suffixes its type allows, that label names and
 * values are well-formed and not repeated, that no series appears twice, and that the text ends with a newline.
 * Series order is not assumed.
 */
final class PrometheusTextChecker {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary"
            + "|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[+-]?(Inf|NaN|[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?"
            + "|\\.[0-9]+([eE][+-]?[0-9]+)?)");

    /** A parsed sample. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    /** Checks {@code text}; throws {@link AssertionError} naming the first bad line. */
    static PrometheusTextChecker check(String text) {
        PrometheusTextChecker checker = new PrometheusTextChecker();
        checker.run(text);
        return checker;
    }

    Map<String, String> types() {
        return types;
    }

    List<Sample> samples() {
        return samples;
    }

    /** The value of an unlabelled sample. */
    double value(String name) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name)).value();
    }

    private void run(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("exposition must end with a newline");
        }
        Set<String> helped = new HashSet<>();
        Set<String> sampledFamilies = new HashSet<>();
        Set<String> series = new HashSet<>();
        int lineNumber = 0;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            lineNumber++;
            String where = "line " + lineNumber + " \"" + line + "\": ";
            if (line.isEmpty()) {
                throw new AssertionError(where + "empty line");
            }
            if (line.startsWith("#")) {
                Matcher help = HELP.matcher(line);
                Matcher type = TYPE.matcher(line);
                if (help.matches()) {
                    require(helped.add(help.group(1)), where + "second HELP");
                    require(!sampledFamilies.contains(help.group(1)), where + "HELP after samples");
                } else if (type.matches()) {
                    require(types.putIfAbsent(type.group(1), type.group(2)) == null, where + "second TYPE");
                    require(!sampledFamilies.contains(type.group(1)), where + "TYPE after samples");
                } else if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
                    throw new AssertionError(where + "malformed HELP/TYPE");
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            require(sample.matches(), where + "malformed sample");
            String name = sample.group(1);
            String family = family(name);
            require(family != null, where + "sample of an undeclared family or with a bad suffix");
            require(helped.contains(family), where + "family without HELP");
            sampledFamilies.add(family);
            Map<String, String> labels = labels(sample.group(3), where);
            require(VALUE.matcher(sample.group(4)).matches(), where + "bad value");
            require(series.add(name + labels), where + "duplicate series");
            samples.add(new Sample(name, labels, Double.parseDouble(sample.group(4).replace("Inf", "Infinity"))));
        }
    }

    private String family(String sampleName) {
        if (types.containsKey(sampleName) && !types.get(sampleName).equals("summary")
                && !types.get(sampleName).equals("histogram") && !types.get(sampleName).equals("counter")) {
            return sampleName;
        }
        for (String suffix : List.of("_total", "_sum", "_count", "_bucket", "_created")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                String type = types.containsKey(base) ? types.get(base) : types.get(sampleName.replace(suffix, ""));
                if (type == null) {
                    if (types.containsKey(sampleName) && types.get(sampleName).equals("counter")) {
                        return sampleName;
                    }
                    continue;
                }
                boolean allowed = switch (type) {
                    case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                    case "summary" -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
                    case "histogram" -> !suffix.equals("_total");
                    default -> false;
                };
                return allowed ? base : null;
            }
        }
        if (types.containsKey(sampleName) && types.get(sampleName).equals("summary")) {
            return sampleName;
        }
        return types.containsKey(sampleName) && types.get(sampleName).equals("counter") ? sampleName : null;
    }

    private static Map<String, String> labels(String body, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(body);
        int position = 0;
        while (position < body.length()) {
            require(label.find(position) && label.start() == position, where + "malformed label at " + position);
            require(labels.put(label.group(1), label.group(2)) == null, where + "repeated label " + label.group(1));
            position = label.end();
            if (position < body.length()) {
                require(body.charAt(position) == ',', where + "expected ',' at " + position);
                position++;
            }
        }
        return labels;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
