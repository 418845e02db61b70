package io.dflockd.soak;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rule 1 of {@link HistoryChecker} for one key: a sweep over the certain holding intervals, reporting each stretch
 * of time during which more than {@code limit} grants were certainly held. Checker only.
 */
final class HolderSweep {
    private HolderSweep() {
    }

    private record Edge(long at, boolean start, GrantRecord grant) {
    }

    static void check(String key, int limit, List<GrantRecord> grants, Ledger ledger, long marginNanos,
            Violations violations) {
        List<Edge> edges = new ArrayList<>();
        for (GrantRecord g : grants) {
            long start = g.certainStart() + marginNanos;
            long end = g.certainEnd(ledger.session(g.session), Long.MAX_VALUE, null) - marginNanos;
            if (start < end) {
                edges.add(new Edge(start, true, g));
                edges.add(new Edge(end, false, g));
            }
        }
        // Ends sort before starts at the same instant: touching intervals do not overlap.
        edges.sort((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Boolean.compare(a.start, b.start));
        Set<GrantRecord> held = new LinkedHashSet<>();
        boolean reported = false;
        for (Edge edge : edges) {
            if (!edge.start) {
                held.remove(edge.grant);
                reported = reported && held.size() > limit;
                continue;
            }
            held.add(edge.grant);
            if (held.size() > limit && !reported) {
                reported = true;
                List<Op> evidence = new ArrayList<>();
                for (GrantRecord g : held) {
                    evidence.addAll(g.extensions);
                    evidence.addAll(g.releases);
                }
                violations.add(Rule.OVER_LIMIT, held.size() + " certain holders of " + key + " (limit " + limit
                        + ")", evidence);
            }
        }
    }
}
