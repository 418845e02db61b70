package io.dflockd.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything validated before anything is bound (SERVER.md §7.1 step 1): the settings, the loaded TLS context, the
 * auth token, and the warnings found on the way (logged once logging is configured).
 *
 * @param settings   the validated settings
 * @param tlsContext the server TLS context when TLS is on
 * @param authToken  the shared secret when authentication is on
 * @param warnings   configuration warnings (token exposure), never containing the token
 */
record LaunchPlan(ServerSettings settings, Optional<SSLContext> tlsContext, Optional<AuthToken> authToken,
        List<String> warnings) {

    LaunchPlan {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tlsContext, "tlsContext");
        Objects.requireNonNull(authToken, "authToken");
        warnings = List.copyOf(warnings);
    }
}
