package io.dflockd.http.internal;

import io.dflockd.core.Acquired;
import io.dflockd.core.Granted;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
import io.dflockd.core.OutcomeVisitor;
import io.dflockd.core.Queued;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.Renewed;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;

/**
 * The one place where engine outcomes become HTTP answers (HTTP.md §9, §11; SEMANTICS.md §10). Exhaustive both ways:
 * outcomes through an {@link OutcomeVisitor} and reject reasons through a {@code switch} without a default, so a new
 * outcome or reason breaks the build until it is mapped here.
 */
public final class OutcomeMapping {
    private OutcomeMapping() {
    }

    /** The answer for any operation outcome. */
    public static OpReply reply(Outcome outcome) {
        return outcome.accept(TO_REPLY);
    }

    private static final OutcomeVisitor<OpReply> TO_REPLY = new OutcomeVisitor<>() {
        @Override
        public OpReply granted(Granted granted) {
            return OpReply.granted("ok", granted.grant());
        }

        @Override
        public OpReply acquired(Acquired acquired) {
            return OpReply.granted("acquired", acquired.grant());
        }

        @Override
        public OpReply queued(Queued queued) {
            return OpReply.status("queued", true);
        }

        @Override
        public OpReply timedOut(TimedOut timedOut) {
            return OpReply.status("timeout", false);
        }

        @Override
        public OpReply released(Released released) {
            return OpReply.noContent();
        }

        @Override
        public OpReply renewed(Renewed renewed) {
            return OpReply.ok(JsonBodies.renewed(renewed.leaseTtl()));
        }

        @Override
        public OpReply notHeld(NotHeld notHeld) {
            return OpReply.error(OutcomeMapping.notHeld());
        }

        @Override
        public OpReply rejected(Rejected rejected) {
            return OpReply.error(rejection(rejected.reason()));
        }

        @Override
        public OpReply sessionClosed(SessionClosed sessionClosed) {
            return OpReply.error(OutcomeMapping.sessionGone());
        }
    };

    /**
     * The answer for a refusal. {@link RejectReason#SHUTTING_DOWN} is {@code 503 draining} for a request that starts
     * after shutdown began; a call it ended while blocked has its session closed by the handler, which then answers
     * {@code 410 session_gone} instead (HTTP.md §10).
     */
    public static ApiError rejection(RejectReason reason) {
        return switch (reason) {
            case MAX_LOCKS -> new ApiError(ErrorCode.MAX_LOCKS, "max locks reached");
            case MAX_WAITERS -> new ApiError(ErrorCode.MAX_WAITERS, "max waiters reached");
            case LIMIT_MISMATCH -> new ApiError(ErrorCode.LIMIT_MISMATCH, "limit mismatch");
            case ALREADY_ENQUEUED -> new ApiError(ErrorCode.ALREADY_ENQUEUED, "already enqueued");
            case NOT_ENQUEUED -> new ApiError(ErrorCode.NOT_ENQUEUED, "not enqueued");
            case LEASE_EXPIRED -> new ApiError(ErrorCode.LEASE_EXPIRED, "lease expired");
            case SHUTTING_DOWN -> draining();
            case FENCE_PERSISTENCE -> new ApiError(ErrorCode.FENCE_PERSISTENCE, "fence persistence failed");
        };
    }

    /** {@code 404 not_held}: a release or renew whose token is not a current holder. */
    public static ApiError notHeld() {
        return new ApiError(ErrorCode.NOT_HELD, "token not held");
    }

    /** {@code 410 session_gone}: the session is not live, or was closed during the request. */
    public static ApiError sessionGone() {
        return new ApiError(ErrorCode.SESSION_GONE, "session not found or closed");
    }

    /** {@code 503 draining}: shutdown has begun; nothing was performed. */
    public static ApiError draining() {
        return new ApiError(ErrorCode.DRAINING, "server is draining");
    }
}
