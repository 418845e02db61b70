package io.dflockd.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything the history says about one grant (one minted token): when it may have been minted, when the client
 * learned it, the operations that extended its lease, and the release attempts on it.
 *
 * <p>Checker only; single-threaded. Interval rules (all conservative, see the README):
 * <ol>
 *   <li>the mint instant lies in {@code [mintLo, mintHi]};
 *   <li>it is certainly held from the response that revealed it;
 *   <li>its lease certainly lasts until {@code inv + ttl} of the last successful grant-revealing, collecting or
 *       renewing operation (each sets lease end = the server's "now" + TTL, possibly shortening it, and that now is
 *       at least the invocation), or less if a later renew with an unknown answer asked for less;
 *   <li>its lease certainly ended once an invocation comes later than {@code resp + ttl} of the last successful
 *       extension and of every later one with an unknown answer (the server's now is at most the response, and
 *       leases are never revived).
 * </ol>
 */
final class GrantRecord {
    final String token;
    final String key;
    final long fence;
    final String session;
    final long mintLo;
    final long mintHi;
    final Op reveal;
    /** The queued enqueue this grant was promoted from (collected by a wait), or null. */
    final Op queuedEnqueue;
    /** Reveal, collecting waits and renews whose answer was a success or unknown, in invocation order. */
    final List<Op> extensions = new ArrayList<>();
    /** Every release of this token on this key, in invocation order. */
    final List<Op> releases = new ArrayList<>();

    GrantRecord(String token, long fence, Op reveal, long mintLo, Op queuedEnqueue) {
        this.token = token;
        this.key = reveal.key();
        this.fence = fence;
        this.session = reveal.session();
        this.mintLo = mintLo;
        this.mintHi = reveal.respondedNanos();
        this.reveal = reveal;
        this.queuedEnqueue = queuedEnqueue;
        extensions.add(reveal);
    }

    /** Rule 2: the first instant the client certainly held the grant. */
    long certainStart() {
        return reveal.respondedNanos();
    }

    /**
     * The last instant the grant is certainly held, looking only at what happened before {@code before} and
     * ignoring {@code except} (the operation being judged): rule 3, the first other release invocation, and the
     * first moment the owning session may have ended.
     */
    long certainEnd(SessionLife owner, long before, Op except) {
        long end = owner.possibleEnd();
        // A renew or collect sets the lease end to its own "now" + TTL (it may shorten it): the last success counts,
        // and any later renew with an unknown answer may have set it from its invocation on.
        long lease = Long.MIN_VALUE;
        for (Op ext : extensions) {
            if (ext == except || ext.invokedNanos() >= before) {
                continue;
            }
            long from = ext.invokedNanos() + nanos(ext.ttlSeconds());
            lease = isSuccess(ext) ? from : Math.min(lease, from);
        }
        end = Math.min(end, lease);
        for (Op release : releases) {
            if (release != except && release.invokedNanos() < before) {
                end = Math.min(end, release.invokedNanos());
                break;
            }
        }
        return end;
    }

    /** Whether the grant was certainly no longer held at {@code t} (rule 4, a released token, a closed session). */
    boolean certainlyGoneBy(long t, SessionLife owner, boolean autoRelease, long marginNanos) {
        for (Op release : releases) {
            if (release.result() == Result.OK && release.respondedNanos() + marginNanos < t) {
                return true;
            }
        }
        if (autoRelease && owner.certainEnd() != Long.MAX_VALUE && owner.certainEnd() + marginNanos < t) {
            return true;
        }
        long upper = Long.MIN_VALUE;
        for (Op ext : extensions) {
            if (ext.invokedNanos() >= t) {
                break;
            }
            if (upper != Long.MIN_VALUE && ext.invokedNanos() > upper + marginNanos) {
                return true;
            }
            long to = ext.respondedNanos() + nanos(ext.ttlSeconds());
            upper = isSuccess(ext) ? to : Math.max(upper, to);
        }
        return upper + marginNanos < t;
    }

    private static boolean isSuccess(Op op) {
        return op.result() == Result.OK || op.result() == Result.GRANTED || op.result() == Result.ACQUIRED;
    }

    private static long nanos(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }
}
