package io.dflockd.http.internal;

import com.sun.net.httpserver.HttpExchange;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.LockManager;
import io.dflockd.core.NotHeld;
import io.dflockd.core.Outcome;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ten session-bound lock and semaphore operations and the two introspection views (HTTP.md §6.2, §9.3–§9.6,
 * §10).
 *
 * <p>An operation runs the steps of §6.2 in order: draining check, key, session header, body, claim, the session's
 * turn, the engine call, then delivery. Delivery is where a long-poll meets a client that may be gone: a grant whose
 * response cannot be written is released at once, and a queued enqueue is withdrawn, so no phantom holder remains.
 */
public final class LockEndpoints {
    /** The session header (HTTP.md §6.1). */
    public static final String SESSION_HEADER = "X-Dflockd-Session";

    private static final Logger LOG = LoggerFactory.getLogger(LockEndpoints.class);

    private final LockManager manager;
    private final SessionRegistry sessions;
    private final BooleanSupplier draining;

    public LockEndpoints(LockManager manager, SessionRegistry sessions, BooleanSupplier draining) {
        this.manager = manager;
        this.sessions = sessions;
        this.draining = draining;
    }

    /** Serves one of the ten lock and semaphore {@code POST}s. */
    public void operate(HttpExchange exchange, Operation operation, String rawKey)
            throws IOException, InterruptedException {
        if (draining.getAsBoolean() || manager.isShuttingDown()) {
            throw OutcomeMapping.draining().toException();
        }
        ResourceKey key = PathParams.key(rawKey);
        HttpSession session = requireSession(exchange);
        RequestBody body = BodyDecoder.decode(operation.bodyKind(), Replies.readBody(exchange));
        if (!session.claim()) {
            throw OutcomeMapping.sessionGone().toException();
        }
        try {
            Object turn = session.awaitTurn();
            if (turn == null) {
                Replies.error(exchange, OutcomeMapping.sessionGone());
                return;
            }
            try {
                Outcome outcome = perform(operation, session.engine(), key, body);
                deliver(exchange, session, key, settle(session, key, outcome));
            } finally {
                session.releaseTurn(turn);
            }
        } finally {
            session.unclaim();
        }
    }

    private HttpSession requireSession(HttpExchange exchange) {
        String id = exchange.getRequestHeaders().getFirst(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            throw ApiError.badRequest("X-Dflockd-Session header required").toException();
        }
        return sessions.find(id.strip()).orElseThrow(() -> OutcomeMapping.sessionGone().toException());
    }

    private static Outcome perform(Operation operation, Session session, ResourceKey key, RequestBody body)
            throws InterruptedException {
        Duration lease = Duration.ofSeconds(body.leaseTtlS());
        boolean defaultLease = body.leaseTtlS() == 0;
        return switch (operation) {
            case ACQUIRE_LOCK, ACQUIRE_SEMAPHORE -> {
                Duration timeout = Duration.ofSeconds(body.acquireTimeoutS());
                yield defaultLease ? session.acquire(key, body.limit(), timeout)
                        : session.acquire(key, body.limit(), timeout, lease);
            }
            case ENQUEUE_LOCK, ENQUEUE_SEMAPHORE -> defaultLease ? session.enqueue(key, body.limit())
                    : session.enqueue(key, body.limit(), lease);
            case WAIT_LOCK, WAIT_SEMAPHORE -> session.awaitGrant(key, Duration.ofSeconds(body.timeoutS()));
            case RELEASE_LOCK, RELEASE_SEMAPHORE -> {
                Optional<Token> token = Token.parse(body.token());
                yield token.isEmpty() ? NotHeld.INSTANCE : session.release(key, token.get());
            }
            case RENEW_LOCK, RENEW_SEMAPHORE -> {
                Optional<Token> token = Token.parse(body.token());
                if (token.isEmpty()) {
                    yield NotHeld.INSTANCE;
                }
                yield defaultLease ? session.renew(key, token.get()) : session.renew(key, token.get(), lease);
            }
            case GET_HEALTH, GET_READY, GET_METRICS, GET_OPENAPI, GET_STATS, CREATE_SESSION, DELETE_SESSION,
                    PING_SESSION, GET_LOCK, GET_SEMAPHORE ->
                    throw new IllegalArgumentException(operation + " is not a lock operation");
        };
    }

    /**
     * Maps the outcome and applies the session-close rules: a call that shutdown ended while blocked closes its
     * session, and a grant that raced the close of the session is undone; both answer 410 (HTTP.md §10).
     */
    private OpReply settle(HttpSession session, ResourceKey key, Outcome outcome) {
        if (outcome instanceof Rejected rejected && rejected.reason() == RejectReason.SHUTTING_DOWN) {
            sessions.end(session);
            return OpReply.error(OutcomeMapping.sessionGone());
        }
        OpReply reply = OutcomeMapping.reply(outcome);
        if (session.isSealed() && (reply.grant() != null || reply.queued())) {
            undo(session.engine(), key, reply);
            return OpReply.error(OutcomeMapping.sessionGone());
        }
        return reply;
    }

    private void deliver(HttpExchange exchange, HttpSession session, ResourceKey key, OpReply reply) {
        try {
            if (reply.status() == 204) {
                Replies.noContent(exchange);
            } else {
                Replies.json(exchange, reply.status(), reply.body());
            }
        } catch (IOException e) {
            LOG.debug("{}: response not delivered ({}); undoing it", session, e.toString());
            undo(session.engine(), key, reply);
        }
    }

    /** Releases a grant that was not delivered, or withdraws a queued enqueue (HTTP.md §10, last row). */
    private static void undo(Session session, ResourceKey key, OpReply reply) {
        Grant grant = reply.grant();
        if (grant != null) {
            session.release(key, grant.token());
            return;
        }
        if (reply.queued()) {
            try {
                WaitOutcome late = session.awaitGrant(key, Duration.ZERO);
                if (late instanceof Granted granted) {
                    session.release(key, granted.grant().token());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Serves {@code GET /v1/locks/{key}} and {@code GET /v1/semaphores/{key}} (HTTP.md §9.6). */
    public void view(HttpExchange exchange, String rawKey) throws IOException {
        ResourceKey key = PathParams.key(rawKey);
        String id = exchange.getRequestHeaders().getFirst(SESSION_HEADER);
        boolean named = id != null && !id.isBlank();
        Optional<ResourceView> view;
        if (named) {
            HttpSession session = sessions.find(id.strip())
                    .orElseThrow(() -> OutcomeMapping.sessionGone().toException());
            view = session.engine().view(key);
        } else {
            view = manager.view(key);
        }
        Replies.discardBody(exchange);
        if (view.isEmpty()) {
            throw new ApiError(ErrorCode.NOT_FOUND, "key not found").toException();
        }
        Replies.json(exchange, 200, JsonBodies.view(view.get(), named));
    }
}
