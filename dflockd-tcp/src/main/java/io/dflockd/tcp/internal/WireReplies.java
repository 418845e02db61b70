package io.dflockd.tcp.internal;

import io.dflockd.core.Acquired;
import io.dflockd.core.Granted;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
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
 * <p>The reject reasons are mapped by an exhaustive {@code switch} expression, so a new {@link RejectReason} breaks
 * the build until it is mapped here. Java 17 has no pattern {@code switch} over the sealed {@link Outcome}, so the
 * outcome records are matched in one {@code instanceof} chain whose last branch fails loudly.
 */
final class WireReplies {
    private static final Response ERROR = new Response.Failure(ErrorStatus.ERROR);

    private WireReplies() {
    }

    /** The reply for {@code outcome}. */
    static Response of(Outcome outcome) {
        if (outcome instanceof Granted granted) {
            return new Response.Granted(granted.grant().token().hex(), granted.grant().leaseTtl().getSeconds());
        }
        if (outcome instanceof Acquired acquired) {
            return new Response.Acquired(acquired.grant().token().hex(), acquired.grant().leaseTtl().getSeconds());
        }
        if (outcome instanceof Queued) {
            return new Response.Queued();
        }
        if (outcome instanceof TimedOut) {
            return new Response.TimedOut();
        }
        if (outcome instanceof Renewed renewed) {
            return new Response.Renewed(renewed.leaseTtl().getSeconds());
        }
        if (outcome instanceof Released) {
            return new Response.Ok();
        }
        if (outcome instanceof NotHeld || outcome instanceof SessionClosed) {
            return ERROR; // token not held; a call cut short because its connection is ending
        }
        if (outcome instanceof Rejected rejected) {
            return new Response.Failure(of(rejected.reason()));
        }
        throw new IllegalStateException("unmapped outcome " + outcome);
    }

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
