package io.dflockd.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives each session's {@link SessionLife} from its operations.
 *
 * <p>A close may end the session from its invocation on; a synchronous close (result OK) certainly ended it at its
 * response. A failure nobody provoked (an UNKNOWN answer with no close of the session invoked before its response)
 * means the server may have dropped the session at any time after the session's last definite answer.
 */
final class SessionLives {
    private SessionLives() {
    }

    /** The life of every session in {@code ops} (sorted by invocation). */
    static Map<String, SessionLife> of(List<Op> ops) {
        Map<String, List<Op>> bySession = new HashMap<>();
        for (Op op : ops) {
            bySession.computeIfAbsent(op.session(), s -> new ArrayList<>()).add(op);
        }
        Map<String, SessionLife> lives = new HashMap<>();
        bySession.forEach((session, sessionOps) -> lives.put(session, lifeOf(sessionOps)));
        return lives;
    }

    private static SessionLife lifeOf(List<Op> ops) {
        long possibleEnd = Long.MAX_VALUE;
        long certainEnd = Long.MAX_VALUE;
        long firstClose = Long.MAX_VALUE;
        for (Op op : ops) {
            if (op.kind() == OpKind.CLOSE) {
                firstClose = Math.min(firstClose, op.invokedNanos());
                possibleEnd = Math.min(possibleEnd, op.invokedNanos());
                if (op.result() == Result.OK) {
                    certainEnd = Math.min(certainEnd, op.respondedNanos());
                }
            }
        }
        long lastDefinite = Long.MIN_VALUE;
        for (Op op : ops) {
            if (op.kind() != OpKind.CLOSE && op.result() == Result.UNKNOWN && firstClose > op.respondedNanos()) {
                possibleEnd = Math.min(possibleEnd, lastDefinite == Long.MIN_VALUE ? op.invokedNanos() : lastDefinite);
                break;
            }
            if (op.result() != Result.UNKNOWN) {
                lastDefinite = Math.max(lastDefinite, op.respondedNanos());
            }
        }
        return new SessionLife(possibleEnd, certainEnd, firstClose);
    }
}
