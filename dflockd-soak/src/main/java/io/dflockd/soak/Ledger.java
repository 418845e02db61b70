package io.dflockd.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The grants and sessions a history describes, reconstructed in one pass over the operations in invocation order.
 * Reports tokens and fences handed out twice as it goes. Checker only; single-threaded.
 */
final class Ledger {
    private final Map<String, GrantRecord> byToken = new HashMap<>();
    private final Map<Long, GrantRecord> byFence = new HashMap<>();
    private final Map<String, SessionLife> sessions = new HashMap<>();
    private final Map<String, Integer> limits = new HashMap<>();
    /** Two-phase state per (session, key): the queued enqueue ({@link Op}) or the grant it acquired at once. */
    private final Map<String, Object> twoPhase = new HashMap<>();
    private final List<GrantRecord> grants = new ArrayList<>();
    private final Violations violations;

    private Ledger(Violations violations) {
        this.violations = violations;
    }

    /** Builds the ledger of {@code ops}, which must be sorted by invocation time. */
    static Ledger build(List<Op> ops, Violations violations) {
        Ledger ledger = new Ledger(violations);
        ops.forEach(ledger::apply);
        ledger.sessions.putAll(SessionLives.of(ops));
        return ledger;
    }

    List<GrantRecord> grants() {
        return grants;
    }

    Map<String, Integer> limits() {
        return limits;
    }

    SessionLife session(String label) {
        return sessions.getOrDefault(label, SessionLife.OPEN);
    }

    /** The grant of {@code token} on {@code key}, if the history ever revealed one. */
    Optional<GrantRecord> grant(String key, String token) {
        GrantRecord g = byToken.get(token);
        return g != null && g.key.equals(key) ? Optional.of(g) : Optional.empty();
    }

    private void apply(Op op) {
        String twoPhaseKey = op.session() + '\u0000' + op.key();
        switch (op.kind()) {
            case ACQUIRE -> {
                limits.merge(op.key(), op.limit(), Math::max);
                if (op.result() == Result.GRANTED) {
                    mint(op, op.invokedNanos(), null);
                }
            }
            case ENQUEUE -> {
                limits.merge(op.key(), op.limit(), Math::max);
                if (op.result() == Result.ACQUIRED) {
                    mint(op, op.invokedNanos(), null).ifPresent(g -> twoPhase.put(twoPhaseKey, g));
                } else if (op.result() == Result.QUEUED) {
                    twoPhase.put(twoPhaseKey, op);
                } else if (!"ALREADY_ENQUEUED".equals(op.detail())) {
                    twoPhase.remove(twoPhaseKey);
                }
            }
            case WAIT -> {
                Object state = twoPhase.remove(twoPhaseKey);
                if (op.result() == Result.GRANTED) {
                    if (state instanceof GrantRecord g && g.token.equals(op.resultToken())) {
                        g.extensions.add(op);
                    } else {
                        Op queued = state instanceof Op q ? q : null;
                        // Without a known enqueue the mint instant has no lower bound.
                        mint(op, queued != null ? queued.invokedNanos() : Long.MIN_VALUE, queued);
                    }
                }
            }
            case RENEW -> grant(op.key(), op.token()).ifPresent(g -> {
                if (op.result() == Result.OK || op.result() == Result.UNKNOWN) {
                    g.extensions.add(op);
                }
            });
            case RELEASE -> grant(op.key(), op.token()).ifPresent(g -> g.releases.add(op));
            case OPEN, CLOSE -> {
                // Session boundaries are read by SessionLives.
            }
        }
    }

    private Optional<GrantRecord> mint(Op reveal, long mintLo, Op queuedEnqueue) {
        String token = reveal.resultToken();
        GrantRecord earlier = byToken.get(token);
        if (earlier != null) {
            violations.add(Rule.TOKEN_REUSED, "token " + token + " granted twice", earlier.reveal, reveal);
            return Optional.empty();
        }
        long fence;
        try {
            fence = Long.parseUnsignedLong(token.substring(0, 16), 16);
        } catch (RuntimeException e) {
            violations.add(Rule.UNEXPECTED_ANSWER, "malformed token " + token, reveal);
            return Optional.empty();
        }
        GrantRecord g = new GrantRecord(token, fence, reveal, mintLo, queuedEnqueue);
        GrantRecord sameFence = byFence.putIfAbsent(fence, g);
        if (sameFence != null) {
            violations.add(Rule.FENCE_REUSED, "fence " + Long.toUnsignedString(fence) + " in two grants",
                    sameFence.reveal, reveal);
        }
        byToken.put(token, g);
        grants.add(g);
        return Optional.of(g);
    }
}
