package io.dflockd.tcp.internal;

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
import io.dflockd.protocol.ErrorStatus;
import io.dflockd.protocol.Response;

/**
 * The one place where engine outcomes become TCP replies (SEMANTICS.md §10, TCP column). Every other class of the
 * adapter deals in {@link Outcome}s and {@link Response}s, never in status strings.
 *
 * <p>Exhaustive both ways: outcomes through an {@link OutcomeVisitor} and reject reasons through a {@code switch}
 * expression without a default, so a new outcome or reason breaks the build until it is mapped here.
 */
final class WireReplies {
    private static final Response ERROR = new Response.Failure(ErrorStatus.ERROR);

    private WireReplies() {
    }

    /** The reply for {@code outcome}. */
    static Response of(Outcome outcome) {
        return outcome.accept(TO_REPLY);
    }

    private static final OutcomeVisitor<Response> TO_REPLY = new OutcomeVisitor<>() {
        @Override
        public Response granted(Granted granted) {
            return new Response.Granted(granted.grant().token().hex(), granted.grant().leaseTtl().getSeconds());
        }

        @Override
        public Response acquired(Acquired acquired) {
            return new Response.Acquired(acquired.grant().token().hex(), acquired.grant().leaseTtl().getSeconds());
        }

        @Override
        public Response queued(Queued queued) {
            return new Response.Queued();
        }

        @Override
        public Response timedOut(TimedOut timedOut) {
            return new Response.TimedOut();
        }

        @Override
        public Response released(Released released) {
            return new Response.Ok();
        }

        @Override
        public Response renewed(Renewed renewed) {
            return new Response.Renewed(renewed.leaseTtl().getSeconds());
        }

        @Override
        public Response notHeld(NotHeld notHeld) {
            return ERROR;
        }

        @Override
        public Response rejected(Rejected rejected) {
            return new Response.Failure(of(rejected.reason()));
        }

        @Override
        public Response sessionClosed(SessionClosed sessionClosed) {
            return ERROR; // a call cut short because its connection is ending
        }
    };

    /** The error status for {@code reason}. */
    static ErrorStatus of(RejectReason reason) {
        return switch (reason) {
            case MAX_LOCKS -> ErrorStatus.MAX_LOCKS;
            case MAX_WAITERS -> ErrorStatus.MAX_WAITERS;
            case LIMIT_MISMATCH -> ErrorStatus.LIMIT_MISMATCH;
            case ALREADY_ENQUEUED -> ErrorStatus.ALREADY_ENQUEUED;
            case NOT_ENQUEUED -> ErrorStatus.NOT_ENQUEUED;
            case LEASE_EXPIRED -> ErrorStatus.LEASE_EXPIRED;
            // a blocked call ended by the drain answers error; error_draining follows from the connection loop
            case SHUTTING_DOWN -> ErrorStatus.ERROR;
            case FENCE_PERSISTENCE -> ErrorStatus.ERROR;
        };
    }

    /** {@code error}: malformed requests, unparseable tokens, {@code auth} out of place, internal failures. */
    static Response error() {
        return ERROR;
    }

    /** {@code ok} with nothing after it. */
    static Response ok() {
        return new Response.Ok();
    }
}
