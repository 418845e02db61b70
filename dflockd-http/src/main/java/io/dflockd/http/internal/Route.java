package io.dflockd.http.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The route table of HTTP.md §3.3: one constant per path pattern, in the spec's order. The router, the metrics
 * {@code path} label and the OpenAPI document are all derived from this table (and {@link Operation}), so they cannot
 * drift apart.
 */
public enum Route {
    /** Liveness. */
    HEALTH("/health", true, true),
    /** Readiness (503 while draining). */
    READY("/ready", true, true),
    /** Prometheus exposition. */
    METRICS("/metrics", false, false),
    /** The OpenAPI document. */
    OPENAPI("/v1/openapi.json", true, false),
    /** Stats JSON. */
    STATS("/v1/stats", false, false),
    /** Session creation. */
    SESSIONS("/v1/sessions", false, false),
    /** One session (DELETE). */
    SESSION("/v1/sessions/{id}", false, false),
    /** Keep-alive of one session. */
    SESSION_PING("/v1/sessions/{id}/ping", false, false),
    /** Lock acquire and introspection. */
    LOCK("/v1/locks/{key}", false, false),
    /** Lock release. */
    LOCK_RELEASE("/v1/locks/{key}/release", false, false),
    /** Lock renew. */
    LOCK_RENEW("/v1/locks/{key}/renew", false, false),
    /** Lock two-phase step 1. */
    LOCK_ENQUEUE("/v1/locks/{key}/enqueue", false, false),
    /** Lock two-phase step 2. */
    LOCK_WAIT("/v1/locks/{key}/wait", false, false),
    /** Semaphore acquire and introspection. */
    SEMAPHORE("/v1/semaphores/{key}", false, false),
    /** Semaphore release. */
    SEMAPHORE_RELEASE("/v1/semaphores/{key}/release", false, false),
    /** Semaphore renew. */
    SEMAPHORE_RENEW("/v1/semaphores/{key}/renew", false, false),
    /** Semaphore two-phase step 1. */
    SEMAPHORE_ENQUEUE("/v1/semaphores/{key}/enqueue", false, false),
    /** Semaphore two-phase step 2. */
    SEMAPHORE_WAIT("/v1/semaphores/{key}/wait", false, false);

    private final String pattern;
    private final String[] segments;
    private final boolean authExempt;
    private final boolean rateLimitExempt;

    Route(String pattern, boolean authExempt, boolean rateLimitExempt) {
        this.pattern = pattern;
        this.segments = pattern.substring(1).split("/", -1);
        this.authExempt = authExempt;
        this.rateLimitExempt = rateLimitExempt;
    }

    /** The pattern as written in the spec, e.g. {@code /v1/locks/{key}}: the metrics label and the OpenAPI path. */
    public String pattern() {
        return pattern;
    }

    /** Whether bearer auth is skipped (HTTP.md §4). */
    public boolean authExempt() {
        return authExempt;
    }

    /** Whether the per-IP rate limit is skipped (HTTP.md §5.1). */
    public boolean rateLimitExempt() {
        return rateLimitExempt;
    }

    /** The operations of this route, in {@code Allow} order (GET before POST before DELETE). */
    public List<Operation> operations() {
        List<Operation> result = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            if (operation.route() == this) {
                result.add(operation);
            }
        }
        return result;
    }

    /** The operation for {@code method} ({@code HEAD} is served by the GET operation), or null. */
    public Operation operation(String method) {
        String wanted = method.equals("HEAD") ? "GET" : method;
        for (Operation operation : Operation.values()) {
            if (operation.route() == this && operation.method().equals(wanted)) {
                return operation;
            }
        }
        return null;
    }

    /** The value of the {@code Allow} header: the route's methods, HEAD right after GET. */
    public String allowHeader() {
        List<String> methods = new ArrayList<>();
        for (Operation operation : operations()) {
            methods.add(operation.method());
            if (operation.method().equals("GET")) {
                methods.add("HEAD");
            }
        }
        return String.join(", ", methods);
    }

    /**
     * Matches a raw (still percent-encoded) path against this route: each literal segment must be equal, each
     * {@code {param}} takes exactly one segment. Returns the raw parameter segments, or null when it does not match.
     */
    List<String> match(String[] rawSegments) {
        if (rawSegments.length != segments.length) {
            return null;
        }
        List<String> params = new ArrayList<>(1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                params.add(rawSegments[i]);
            } else if (!segments[i].equals(rawSegments[i])) {
                return null;
            }
        }
        return params;
    }

    /**
     * The route whose pattern the raw path matches, with its raw parameter; null when none does. A path that does
     * not start with {@code /} matches nothing; a trailing slash makes an extra (empty) segment and so never
     * matches a literal route.
     */
    public static RouteMatch find(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String[] rawSegments = rawPath.substring(1).split("/", -1);
        for (Route route : values()) {
            List<String> params = route.match(rawSegments);
            if (params != null) {
                return new RouteMatch(route, params.isEmpty() ? "" : params.get(0));
            }
        }
        return null;
    }

    /** A matched route and its one raw parameter segment ({@code ""} for routes without a parameter). */
    public record RouteMatch(Route route, String rawParam) {
    }
}
