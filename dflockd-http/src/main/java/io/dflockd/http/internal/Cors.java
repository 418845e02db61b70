package io.dflockd.http.internal;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Set;

/** The CORS stage (HTTP.md §5.3). An empty origin list disables it entirely. Immutable. */
public final class Cors {
    private final boolean enabled;
    private final boolean any;
    private final Set<String> origins;

    public Cors(List<String> allowedOrigins) {
        this.enabled = !allowedOrigins.isEmpty();
        this.any = allowedOrigins.contains("*");
        this.origins = Set.copyOf(allowedOrigins);
    }

    /** Whether the stage does anything. */
    public boolean enabled() {
        return enabled;
    }

    /** Whether the request is a preflight: OPTIONS with {@code Access-Control-Request-Method}. */
    public boolean isPreflight(String method, Headers request) {
        return enabled && method.equals("OPTIONS") && request.containsKey("Access-Control-Request-Method");
    }

    /** Adds the CORS headers to {@code response} when the request's origin is allowed; otherwise nothing. */
    public void addHeaders(Headers request, Headers response) {
        if (!enabled) {
            return;
        }
        String origin = request.getFirst("Origin");
        if (origin == null || !(any || origins.contains(origin))) {
            return;
        }
        if (any) {
            response.set("Access-Control-Allow-Origin", "*");
        } else {
            response.set("Access-Control-Allow-Origin", origin);
            response.add("Vary", "Origin");
        }
        response.set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        response.set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Dflockd-Session");
        response.set("Access-Control-Max-Age", "300");
    }
}
