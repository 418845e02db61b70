package io.dflockd.http.internal;

/**
 * Every operation of the API: a route and a method (HEAD is implied by GET), with the OpenAPI operation id of
 * HTTP.md §12. Order within a route is the order of the {@code Allow} header.
 */
public enum Operation {
    GET_HEALTH(Route.HEALTH, "GET", "getHealth", "Liveness: 200 whenever the process serves HTTP."),
    GET_READY(Route.READY, "GET", "getReady", "Readiness: 503 once draining has begun."),
    GET_METRICS(Route.METRICS, "GET", "getMetrics", "Prometheus text exposition 0.0.4."),
    GET_OPENAPI(Route.OPENAPI, "GET", "getOpenApi", "This document."),
    GET_STATS(Route.STATS, "GET", "getStats", "The stats object, the same bytes as TCP stats."),
    CREATE_SESSION(Route.SESSIONS, "POST", "createSession", "Create a session; the body is ignored."),
    DELETE_SESSION(Route.SESSION, "DELETE", "deleteSession", "End a session: its blocked calls answer 410, "
            + "its waiters leave, its grants are released (auto-release)."),
    PING_SESSION(Route.SESSION_PING, "POST", "pingSession", "Keep a session alive; the body is ignored."),
    GET_LOCK(Route.LOCK, "GET", "getLock", "Introspect a key: holders (fence, lease left), waiters, position."),
    ACQUIRE_LOCK(Route.LOCK, "POST", "acquireLock", "Acquire the lock, long-polling up to acquire_timeout_s."),
    RELEASE_LOCK(Route.LOCK_RELEASE, "POST", "releaseLock", "Release a grant by token."),
    RENEW_LOCK(Route.LOCK_RENEW, "POST", "renewLock", "Reset a grant's lease to now + TTL."),
    ENQUEUE_LOCK(Route.LOCK_ENQUEUE, "POST", "enqueueLock", "Two-phase step 1: acquire at once or queue."),
    WAIT_LOCK(Route.LOCK_WAIT, "POST", "waitLock", "Two-phase step 2: wait up to timeout_s for the grant."),
    GET_SEMAPHORE(Route.SEMAPHORE, "GET", "getSemaphore", "Introspect a key (same view as getLock)."),
    ACQUIRE_SEMAPHORE(Route.SEMAPHORE, "POST", "acquireSemaphore", "Acquire one slot, long-polling."),
    RELEASE_SEMAPHORE(Route.SEMAPHORE_RELEASE, "POST", "releaseSemaphore", "Release a slot by token."),
    RENEW_SEMAPHORE(Route.SEMAPHORE_RENEW, "POST", "renewSemaphore", "Reset a slot's lease to now + TTL."),
    ENQUEUE_SEMAPHORE(Route.SEMAPHORE_ENQUEUE, "POST", "enqueueSemaphore", "Two-phase step 1 for a semaphore."),
    WAIT_SEMAPHORE(Route.SEMAPHORE_WAIT, "POST", "waitSemaphore", "Two-phase step 2 for a semaphore.");

    private final Route route;
    private final String method;
    private final String operationId;
    private final String summary;

    Operation(Route route, String method, String operationId, String summary) {
        this.route = route;
        this.method = method;
        this.operationId = operationId;
        this.summary = summary;
    }

    public Route route() {
        return route;
    }

    /** {@code GET}, {@code POST} or {@code DELETE}. */
    public String method() {
        return method;
    }

    public String operationId() {
        return operationId;
    }

    public String summary() {
        return summary;
    }

    /** The request body this operation decodes, or null when it has none (or ignores it). */
    public BodyKind bodyKind() {
        return switch (this) {
            case ACQUIRE_LOCK -> BodyKind.ACQUIRE_LOCK;
            case ACQUIRE_SEMAPHORE -> BodyKind.ACQUIRE_SEMAPHORE;
            case RELEASE_LOCK, RELEASE_SEMAPHORE -> BodyKind.RELEASE;
            case RENEW_LOCK, RENEW_SEMAPHORE -> BodyKind.RENEW;
            case ENQUEUE_LOCK -> BodyKind.ENQUEUE_LOCK;
            case ENQUEUE_SEMAPHORE -> BodyKind.ENQUEUE_SEMAPHORE;
            case WAIT_LOCK, WAIT_SEMAPHORE -> BodyKind.WAIT;
            case GET_HEALTH, GET_READY, GET_METRICS, GET_OPENAPI, GET_STATS, CREATE_SESSION, DELETE_SESSION,
                    PING_SESSION, GET_LOCK, GET_SEMAPHORE -> null;
        };
    }

    /** Whether this is one of the ten session-bound, serialised lock and semaphore operations (HTTP.md §6.3). */
    public boolean lockOperation() {
        return bodyKind() != null;
    }
}
