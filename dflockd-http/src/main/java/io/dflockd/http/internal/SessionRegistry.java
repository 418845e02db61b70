package io.dflockd.http.internal;

import io.dflockd.core.LockManager;
import io.dflockd.core.Session;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live HTTP sessions: creation under the caps (HTTP.md §5.2), lookup, ending (DELETE, reaping, shutdown) and the
 * idle reaper (§6.4).
 *
 * <p>Ending a session: it leaves the map, is sealed (queued requests answer 410), its engine session is closed (a
 * blocked acquire or wait answers 410; waiters and two-phase state go; grants are released under auto-release),
 * then the caller waits for its in-flight requests to finish. Any thread.
 */
public final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private static final long END_WAIT_NANOS = Duration.ofSeconds(10).toNanos();

    private final LockManager manager;
    private final int maxSessions;
    private final int maxSessionsPerIp;
    private final long idleTimeoutNanos;
    private final BooleanSupplier draining;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    /** Live sessions per creating IP; guarded by {@code this}. */
    private final Map<InetAddress, Integer> perIp = new HashMap<>();

    public SessionRegistry(LockManager manager, int maxSessions, int maxSessionsPerIp, Duration idleTimeout,
            BooleanSupplier draining) {
        this.manager = manager;
        this.maxSessions = maxSessions;
        this.maxSessionsPerIp = maxSessionsPerIp;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.draining = draining;
    }

    /** Creates a session for {@code client}; throws {@link ApiException} (503 caps or draining, 500). */
    public HttpSession create(InetAddress client) {
        synchronized (this) {
            if (draining.getAsBoolean() || manager.isShuttingDown()) {
                throw OutcomeMapping.draining().toException();
            }
            if (maxSessions > 0 && sessions.size() >= maxSessions) {
                throw new ApiError(ErrorCode.MAX_SESSIONS, "max sessions reached").toException();
            }
            int fromIp = perIp.getOrDefault(client, 0);
            if (maxSessionsPerIp > 0 && fromIp >= maxSessionsPerIp) {
                throw new ApiError(ErrorCode.MAX_SESSIONS_PER_IP, "max sessions per ip reached").toException();
            }
            Session engine;
            try {
                engine = manager.openSession();
            } catch (IllegalStateException e) {
                throw OutcomeMapping.draining().toException();
            } catch (RuntimeException e) {
                LOG.error("session creation failed", e);
                throw ApiError.of(ErrorCode.SESSION_CREATE_FAILED).toException();
            }
            String id = newId();
            HttpSession session = new HttpSession(id, engine, client, System.nanoTime());
            sessions.put(id, session);
            perIp.put(client, fromIp + 1);
            LOG.debug("created {}", session);
            return session;
        }
    }

    private String newId() {
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = HexFormat.of().formatHex(bytes);
        } while (sessions.containsKey(id));
        return id;
    }

    /** The live session named {@code id}, refreshed; empty when none. A malformed id names none. */
    public Optional<HttpSession> find(String id) {
        HttpSession session = sessions.get(id);
        if (session == null || session.isSealed()) {
            return Optional.empty();
        }
        session.touch();
        return Optional.of(session);
    }

    /**
     * Ends the session named {@code id} as a DELETE does (HTTP.md §6.5). Returns false when no such session is live.
     * Blocks until its in-flight requests have finished (bounded, so a stuck client write cannot pin a DELETE).
     */
    public boolean delete(String id) throws InterruptedException {
        HttpSession session = unregister(id);
        if (session == null) {
            return false;
        }
        endQuietly(session);
        if (!session.awaitIdle(END_WAIT_NANOS)) {
            LOG.warn("{}: requests still in flight after the session ended", session);
        }
        return true;
    }

    private HttpSession unregister(String id) {
        synchronized (this) {
            HttpSession session = sessions.remove(id);
            if (session != null) {
                perIp.computeIfPresent(session.clientAddress(), (ip, count) -> count == 1 ? null : count - 1);
            }
            return session;
        }
    }

    /** Ends {@code session} without waiting for its requests (a request of its own may call this). */
    public void end(HttpSession session) {
        if (unregister(session.id()) == session) {
            LOG.debug("{}: ended by shutdown", session);
        }
        endQuietly(session);
    }

    private static void endQuietly(HttpSession session) {
        session.seal();
        closeEngine(session);
    }

    private static void closeEngine(HttpSession session) {
        try {
            session.engine().close();
        } catch (RuntimeException e) {
            // HTTP.md §6.5: a failed hand-over (e.g. fence persistence) does not fail the delete; the waiter stays.
            LOG.error("{}: cleanup failed", session, e);
        }
    }

    /**
     * Seals and closes every session (shutdown): blocked long-polls answer 410. Every session is sealed before any is
     * closed, so a grant handed on by one session's cleanup can only reach a sealed session, which undoes it and
     * answers 410 (HTTP.md §10), never {@code ok} in the middle of the drain. Returns the sessions ended.
     */
    public List<HttpSession> endAll() {
        List<HttpSession> ended = new ArrayList<>();
        for (String id : List.copyOf(sessions.keySet())) {
            HttpSession session = unregister(id);
            if (session != null) {
                session.seal();
                ended.add(session);
            }
        }
        ended.forEach(SessionRegistry::closeEngine);
        return ended;
    }

    /**
     * One reaper pass (HTTP.md §6.4): ends every session with no request in flight, last seen more than 2 × the idle
     * timeout ago, and no grant whose lease is still running. The engine answers for the grants
     * ({@link Session#longestRemainingLease()}), so a two-phase grant promoted while nobody polled holds the session
     * off too. A grant promoted between that check and the seal is undone by the close like any grant racing a
     * DELETE (§6.5).
     */
    public void reapIdle() {
        if (idleTimeoutNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        for (HttpSession session : sessions.values()) {
            if (session.busy() || now - session.lastSeenNanos() <= 2 * idleTimeoutNanos || holdsLiveLease(session)) {
                continue;
            }
            if (session.sealIfIdle(now, 2 * idleTimeoutNanos) && unregister(session.id()) == session) {
                LOG.info("{}: reaped after {} s idle", session,
                        Duration.ofNanos(now - session.lastSeenNanos()).toSeconds());
                closeEngine(session);
            }
        }
    }

    /** Whether a grant the session owns still has a running lease (one engine command per key it used). */
    private static boolean holdsLiveLease(HttpSession session) {
        return session.engine().longestRemainingLease().isPresent();
    }

    /** Live sessions. */
    public int size() {
        return sessions.size();
    }
}
