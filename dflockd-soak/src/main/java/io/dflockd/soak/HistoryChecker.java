package io.dflockd.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a recorded history against the lock rules (SEMANTICS.md §1–9), per key.
 *
 * <p>Only what the history proves counts: every timestamp is a client-side bound on when the server acted, so each
 * rule uses the bound that makes a violation certain. The {@code margin} widens every such bound further. Rules:
 * <ol>
 *   <li>{@link Rule#OVER_LIMIT}: grants certainly held at one instant never exceed the key's limit. A grant is
 *       certainly held from the response that revealed it until the earliest of: its first release invocation, its
 *       session's possible end, and the latest {@code invocation + TTL} of a successful grant, collect or renew.
 *   <li>{@link Rule#FIFO}: a waiter whose enqueue answered "queued" at time q and that was later granted (collected
 *       by a wait) has a smaller fence than every grant on the key invoked after q.
 *   <li>{@link Rule#TOKEN_REUSED}, {@link Rule#FENCE_REUSED}: every grant has its own token and fence.
 *   <li>{@link Rule#FENCE_ORDER}: a grant certainly minted before another (mint windows disjoint) has the smaller
 *       fence (one counter per server, so this holds across keys).
 *   <li>{@link Rule#RELEASE_ANSWER}, {@link Rule#RENEW_ANSWER}: success for a token never granted, already released,
 *       certainly expired or freed by its session's end is wrong; "not held" for a token certainly held for the
 *       whole operation is wrong.
 *   <li>{@link Rule#UNEXPECTED_ANSWER}: rejections other than LEASE_EXPIRED/NOT_ENQUEUED, and failures that no
 *       close of the session explains.
 * </ol>
 * Thread-safe and stateless: one instance may check many histories.
 */
public final class HistoryChecker {
    private static final Set<String> EXPECTED_REJECTIONS = Set.of("LEASE_EXPIRED", "NOT_ENQUEUED");

    private final long marginNanos;
    private final boolean autoReleaseOnSessionEnd;

    /**
     * @param margin                  extra slack on every time bound (zero is sound when client and server share
     *                                the clock; a few milliseconds guards against coarse clock reads)
     * @param autoReleaseOnSessionEnd whether the server frees a session's grants when it ends (SEMANTICS.md §7)
     */
    public HistoryChecker(Duration margin, boolean autoReleaseOnSessionEnd) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("margin must be >= 0, was " + margin);
        }
        this.marginNanos = margin.toNanos();
        this.autoReleaseOnSessionEnd = autoReleaseOnSessionEnd;
    }

    /** Checks {@code history} (any order). */
    public CheckResult check(List<Op> history) {
        List<Op> ops = new ArrayList<>(history);
        ops.sort(Comparator.comparingLong(Op::invokedNanos).thenComparingLong(Op::respondedNanos));
        long origin = ops.isEmpty() ? 0 : ops.get(0).invokedNanos();
        Violations violations = new Violations(origin);
        Ledger ledger = Ledger.build(ops, violations);
        for (Op op : ops) {
            checkAnswer(op, ledger, violations);
        }
        checkHolders(ledger, violations);
        checkFenceOrder(ledger.grants(), violations);
        checkFifo(ledger.grants(), violations);
        return violations.result(ops.size(), ledger.grants().size());
    }

    private void checkAnswer(Op op, Ledger ledger, Violations violations) {
        if (op.result() == Result.REJECTED && !EXPECTED_REJECTIONS.contains(op.detail())) {
            violations.add(Rule.UNEXPECTED_ANSWER, "unexpected rejection " + op.detail(), op);
        }
        if (op.result() == Result.UNKNOWN && op.kind() != OpKind.CLOSE
                && ledger.session(op.session()).firstClose() > op.respondedNanos()) {
            violations.add(Rule.UNEXPECTED_ANSWER, "failure no close explains: " + op.detail(), op);
        }
        if (op.kind() != OpKind.RELEASE && op.kind() != OpKind.RENEW) {
            return;
        }
        Rule rule = op.kind() == OpKind.RELEASE ? Rule.RELEASE_ANSWER : Rule.RENEW_ANSWER;
        var grant = ledger.grant(op.key(), op.token());
        if (grant.isEmpty()) {
            if (op.result() == Result.OK) {
                violations.add(rule, "success for a token never granted on this key", op);
            }
            return;
        }
        GrantRecord g = grant.get();
        SessionLife owner = ledger.session(g.session);
        if (op.result() == Result.OK
                && g.certainlyGoneBy(op.invokedNanos(), owner, autoReleaseOnSessionEnd, marginNanos)) {
            violations.add(rule, "success for a token certainly no longer held", evidence(g, op));
        } else if (op.result() == Result.NOT_HELD
                && op.invokedNanos() > g.certainStart() + marginNanos
                && op.respondedNanos() + marginNanos < g.certainEnd(owner, op.invokedNanos(), op)) {
            violations.add(rule, "not held for a token certainly held throughout", evidence(g, op));
        }
    }

    private void checkHolders(Ledger ledger, Violations violations) {
        Map<String, List<GrantRecord>> byKey = new HashMap<>();
        for (GrantRecord g : ledger.grants()) {
            byKey.computeIfAbsent(g.key, k -> new ArrayList<>()).add(g);
        }
        byKey.forEach((key, grants) -> HolderSweep.check(key, ledger.limits().getOrDefault(key, 1), grants,
                ledger, marginNanos, violations));
    }

    private void checkFenceOrder(List<GrantRecord> grants, Violations violations) {
        List<GrantRecord> byHi = new ArrayList<>(grants);
        byHi.sort(Comparator.comparingLong(g -> g.mintHi));
        List<GrantRecord> byLo = new ArrayList<>(grants);
        byLo.sort(Comparator.comparingLong(g -> g.mintLo));
        GrantRecord maxEarlier = null;
        int i = 0;
        for (GrantRecord later : byLo) {
            while (i < byHi.size() && byHi.get(i).mintHi + marginNanos < later.mintLo) {
                GrantRecord earlier = byHi.get(i++);
                if (maxEarlier == null || Long.compareUnsigned(earlier.fence, maxEarlier.fence) > 0) {
                    maxEarlier = earlier;
                }
            }
            // An equal fence is FENCE_REUSED, reported by the ledger.
            if (maxEarlier != null && Long.compareUnsigned(maxEarlier.fence, later.fence) > 0) {
                violations.add(Rule.FENCE_ORDER, "grant certainly minted later has fence "
                        + Long.toUnsignedString(later.fence) + " < " + Long.toUnsignedString(maxEarlier.fence),
                        maxEarlier.reveal, later.reveal);
            }
        }
    }

    private void checkFifo(List<GrantRecord> grants, Violations violations) {
        Map<String, List<GrantRecord>> byKey = new HashMap<>();
        for (GrantRecord g : grants) {
            byKey.computeIfAbsent(g.key, k -> new ArrayList<>()).add(g);
        }
        for (List<GrantRecord> keyGrants : byKey.values()) {
            keyGrants.sort(Comparator.comparingLong(g -> g.mintLo));
            // suffixMin[i]: the grant with the smallest fence among keyGrants[i..].
            GrantRecord[] suffixMin = new GrantRecord[keyGrants.size() + 1];
            for (int i = keyGrants.size() - 1; i >= 0; i--) {
                GrantRecord g = keyGrants.get(i);
                GrantRecord next = suffixMin[i + 1];
                suffixMin[i] = next == null || Long.compareUnsigned(g.fence, next.fence) < 0 ? g : next;
            }
            for (GrantRecord waiter : keyGrants) {
                if (waiter.queuedEnqueue == null) {
                    continue;
                }
                long queuedBy = waiter.queuedEnqueue.respondedNanos() + marginNanos;
                GrantRecord overtaker = suffixMin[firstMintedAfter(keyGrants, queuedBy)];
                if (overtaker != null && Long.compareUnsigned(overtaker.fence, waiter.fence) < 0) {
                    violations.add(Rule.FIFO, "a later arrival on " + waiter.key + " was granted before a waiter"
                            + " queued earlier", waiter.queuedEnqueue, waiter.reveal, overtaker.reveal);
                }
            }
        }
    }

    /** The index of the first grant (sorted by mintLo) whose mintLo is after {@code t}. */
    private static int firstMintedAfter(List<GrantRecord> sorted, long t) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).mintLo > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static List<Op> evidence(GrantRecord g, Op op) {
        List<Op> ops = new ArrayList<>(g.extensions);
        ops.addAll(g.releases);
        if (!ops.contains(op)) {
            ops.add(op);
        }
        return ops;
    }
}
