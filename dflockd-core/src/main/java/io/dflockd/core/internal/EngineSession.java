package io.dflockd.core.internal;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.RenewOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Session}: validates arguments, keeps the index of the resources it touched (so that closing it sends one
 * command per key), and hands every call to {@link Requests}.
 *
 * <p>Invariant: a resource is added to the index only while the session is open, under {@code indexLock}; closing
 * takes the same lock to mark it closed and take the index. So every resource that can hold something of this
 * session is either in the index the close sends to, or its drainer sees the session closed when the request arrives
 * (drainers check {@link #isOpen()} before queueing or granting).
 */
final class EngineSession implements Session {
    private static final int FIRST_PRUNE = 64;

    private final long id;
    private final Requests requests;
    private final Engine engine;
    private final Set<Resource> touched = ConcurrentHashMap.newKeySet();
    private final Object indexLock = new Object();
    private volatile boolean open = true;
    private int pruneAt = FIRST_PRUNE; // guarded by indexLock

    EngineSession(long id, Engine engine, Requests requests) {
        this.id = id;
        this.engine = engine;
        this.requests = requests;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Any thread. Adds {@code resource} to the index; false if the session is closed. */
    boolean track(Resource resource) {
        if (touched.contains(resource)) {
            return true; // added under the lock earlier: a close sends it a command (class invariant)
        }
        synchronized (indexLock) {
            if (!open) {
                return false;
            }
            touched.add(resource);
            if (touched.size() >= pruneAt) { // keeps a long-lived session's index proportional to live keys
                touched.removeIf(Resource::isRetired);
                pruneAt = Math.max(FIRST_PRUNE, touched.size() * 2);
            }
            return true;
        }
    }

    /** The resources in the index (a copy). */
    List<Resource> touchedResources() {
        return new ArrayList<>(touched);
    }

    @Override
    public AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout) throws InterruptedException {
        return acquire(key, limit, timeout, engine.config().defaultLeaseTtl());
    }

    @Override
    public AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout, Duration leaseTtl)
            throws InterruptedException {
        long timeoutNanos = checkRequest(key, limit, timeout, leaseTtl);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!open) {
            return SessionClosed.INSTANCE;
        }
        return requests.acquire(this, key, limit, timeoutNanos, leaseTtl);
    }

    @Override
    public CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout,
            Duration leaseTtl) {
        long timeoutNanos = checkRequest(key, limit, timeout, leaseTtl);
        if (!open) {
            return CompletableFuture.completedFuture(SessionClosed.INSTANCE);
        }
        return requests.acquireAsync(this, key, limit, timeoutNanos, leaseTtl);
    }

    @Override
    public CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout) {
        return acquireAsync(key, limit, timeout, engine.config().defaultLeaseTtl());
    }

    @Override
    public EnqueueOutcome enqueue(ResourceKey key, int limit) {
        return enqueue(key, limit, engine.config().defaultLeaseTtl());
    }

    @Override
    public EnqueueOutcome enqueue(ResourceKey key, int limit, Duration leaseTtl) {
        checkRequest(key, limit, Duration.ZERO, leaseTtl);
        if (!open) {
            return SessionClosed.INSTANCE;
        }
        return requests.enqueue(this, key, limit, leaseTtl);
    }

    @Override
    public WaitOutcome awaitGrant(ResourceKey key, Duration timeout) throws InterruptedException {
        long timeoutNanos = checkTimeout(key, timeout);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return requests.awaitGrant(this, key, timeoutNanos);
    }

    @Override
    public CompletableFuture<WaitOutcome> awaitGrantAsync(ResourceKey key, Duration timeout) {
        return requests.awaitGrantAsync(this, key, checkTimeout(key, timeout));
    }

    @Override
    public ReleaseOutcome release(ResourceKey key, Token token) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        return requests.release(key, token);
    }

    @Override
    public RenewOutcome renew(ResourceKey key, Token token) {
        return renew(key, token, engine.config().defaultLeaseTtl());
    }

    @Override
    public RenewOutcome renew(ResourceKey key, Token token, Duration leaseTtl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
        checkTtl(leaseTtl);
        return requests.renew(key, token, leaseTtl);
    }

    @Override
    public Optional<ResourceView> view(ResourceKey key) {
        Objects.requireNonNull(key, "key");
        return requests.view(key, this);
    }

    @Override
    public Optional<Duration> longestRemainingLease() {
        if (!open) {
            return Optional.empty();
        }
        long nanos = requests.longestRemainingLease(this);
        return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    @Override
    public void close() {
        List<Resource> index;
        synchronized (indexLock) {
            if (!open) {
                return;
            }
            open = false;
            index = new ArrayList<>(touched);
            touched.clear();
        }
        engine.sessionEnded(this, index);
    }

    @Override
    public String toString() {
        return "Session[" + id + (open ? "" : ", closed") + "]";
    }

    // ---- argument checks (misuse is an IllegalArgumentException; adapters validate first) -----------------------

    private static long checkRequest(ResourceKey key, int limit, Duration timeout, Duration leaseTtl) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        checkTtl(leaseTtl);
        return checkTimeout(key, timeout);
    }

    private static long checkTimeout(ResourceKey key, Duration timeout) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        return Deadlines.nanos(timeout);
    }

    private static void checkTtl(Duration leaseTtl) {
        Objects.requireNonNull(leaseTtl, "leaseTtl");
        if (leaseTtl.isNegative() || leaseTtl.isZero() || leaseTtl.getNano() != 0
                || leaseTtl.getSeconds() > LockManagerConfig.MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "leaseTtl must be whole seconds in 1.." + LockManagerConfig.MAX_SECONDS + ", was " + leaseTtl);
        }
    }
}
