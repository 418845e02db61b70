package io.dflockd.core.internal;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ManualNanoClock;
import io.dflockd.core.NanoClock;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.core.Token;
import io.dflockd.core.internal.fence.FenceSource;
import io.dflockd.core.internal.fence.Fences;
import io.dflockd.core.internal.fence.TokenMinter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LockManager}: the key map, the session sequence, the background sweep and collection, and the life
 * cycle. The lock rules live in {@link KeyState}; the per-key concurrency in {@link Resource}; the calls of one
 * session in {@link EngineSession} and {@link Requests}.
 *
 * <p>Invariants:
 * <ol>
 * <li>{@code resourceCount} counts every resource in the map and is reserved before one is inserted, so it never
 *     exceeds {@code maxLocks}, even under racing creators; a retired resource leaves the map, then the count.</li>
 * <li>A resource is created only under the read side of {@code creation}; {@link #beginShutdown} sets
 *     {@code shuttingDown} under the write side, so every resource either sees the flag when it queues a waiter or is
 *     in the map when the shutdown commands are sent.</li>
 * <li>Cross-key work (session close, sweep, collection, shutdown) sends one command per resource and never holds
 *     two resources at once.</li>
 * </ol>
 */
public final class Engine implements LockManager {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    static final Rejected MAX_LOCKS = new Rejected(RejectReason.MAX_LOCKS);
    static final Rejected LIMIT_MISMATCH = new Rejected(RejectReason.LIMIT_MISMATCH);
    static final Rejected SHUTTING_DOWN = new Rejected(RejectReason.SHUTTING_DOWN);

    private final LockManagerConfig config;
    private final NanoClock clock;
    private final FenceSource fences;
    private final LongFunction<Token> minter;
    private final Timers timers;
    private final Requests requests;
    private final ConcurrentHashMap<ResourceKey, Resource> resources = new ConcurrentHashMap<>();
    private final AtomicInteger resourceCount = new AtomicInteger();
    private final ReentrantReadWriteLock creation = new ReentrantReadWriteLock();
    private final ConcurrentHashMap<Long, EngineSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionIds = new AtomicLong();
    private final Set<Resource> stuck = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long gcMaxIdleNanos;
    private final int maxWaiters;
    private final int maxLocks;
    private volatile boolean shuttingDown;

    /**
     * Starts a manager on the fence source the configuration asks for (see {@link LockManager#create}).
     *
     * @throws io.dflockd.core.FenceStateException if the fence state file cannot be used
     */
    public static LockManager start(LockManagerConfig config) {
        FenceSource fences = Fences.open(config);
        try {
            TokenMinter minter = new TokenMinter();
            return new Engine(config, fences, minter::mint);
        } catch (RuntimeException e) {
            fences.close();
            throw e;
        }
    }

    Engine(LockManagerConfig config, FenceSource fences, LongFunction<Token> minter) {
        this.config = config;
        this.clock = config.nanoClock();
        this.fences = fences;
        this.minter = minter;
        this.gcMaxIdleNanos = Deadlines.nanos(config.gcMaxIdle());
        this.maxWaiters = config.maxWaiters();
        this.maxLocks = config.maxLocks();
        this.timers = clock instanceof ManualNanoClock manual ? new ManualTimers(manual) : new SystemTimers(clock);
        this.requests = new Requests(this);
        fences.onReservation(this::retryStuck);
        timers.every(Deadlines.nanos(config.leaseSweepInterval()), this::sweep);
        timers.every(Deadlines.nanos(config.gcInterval()), this::collect);
        LOG.info("lock manager started: {}", fences.describe());
    }

    // ---- LockManager --------------------------------------------------------------------------------------------

    @Override
    public LockManagerConfig config() {
        return config;
    }

    @Override
    public Session openSession() {
        if (shuttingDown) {
            throw new IllegalStateException("lock manager is shutting down");
        }
        EngineSession session = new EngineSession(sessionIds.incrementAndGet(), this, requests);
        sessions.put(session.id(), session);
        return session;
    }

    @Override
    public StatsSnapshot stats() {
        List<ResourceSnapshot> snapshots = new ArrayList<>(resources.size());
        for (Resource resource : resources.values()) {
            requests.snapshot(resource, null).ifPresent(snapshots::add);
        }
        return Views.stats(sessions.size(), snapshots);
    }

    @Override
    public Optional<ResourceView> view(ResourceKey key) {
        return requests.view(key, null);
    }

    @Override
    public void beginShutdown() {
        Lock lock = creation.writeLock();
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true; // invariant 2
        } finally {
            lock.unlock();
        }
        LOG.info("lock manager shutting down: blocked calls end, new ones are refused");
        for (Resource resource : resources.values()) {
            resource.submit(new Commands.Shutdown());
        }
    }

    @Override
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        beginShutdown();
        for (EngineSession session : sessions.values()) {
            session.close();
        }
        timers.close();
        requests.close();
        fences.close();
        LOG.info("lock manager closed");
    }

    // ---- keys ---------------------------------------------------------------------------------------------------

    /** Any thread. The resource for {@code key} with {@code limit}, created if absent; or a {@link Rejected}. */
    Object resourceFor(ResourceKey key, int limit) {
        Resource resource = resources.get(key);
        if (resource == null) {
            Object created = create(key, limit);
            if (!(created instanceof Resource)) {
                return created;
            }
            resource = (Resource) created;
        }
        return resource.limit == limit ? resource : LIMIT_MISMATCH;
    }

    private Object create(ResourceKey key, int limit) {
        Lock lock = creation.readLock();
        lock.lock();
        try {
            if (shuttingDown) {
                return SHUTTING_DOWN; // invariant 2
            }
            Resource resource = resources.computeIfAbsent(key,
                    k -> reserveSlot() ? new Resource(this, k, limit, clock.nanoTime()) : null);
            return resource != null ? resource : MAX_LOCKS;
        } finally {
            lock.unlock();
        }
    }

    private boolean reserveSlot() { // invariant 1: reserved before the insert
        if (resourceCount.incrementAndGet() > maxLocks) {
            resourceCount.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Any thread. The resource in the map for {@code key}, or null. */
    Resource liveResource(ResourceKey key) {
        return resources.get(key);
    }

    /** Drainer of {@code resource}, which has just retired: it leaves the map and frees its slot. */
    void retired(Resource resource) {
        resource.markRetired();
        if (resources.remove(resource.key, resource)) {
            resourceCount.decrementAndGet(); // invariant 1: after leaving the map, so it never counts twice
        }
        stuck.remove(resource);
    }

    /** Any thread, outside every drain loop: re-routes an acquire that reached a retired resource. */
    void forwardAcquire(Waiter waiter, ResourceKey key) {
        Object found = resourceFor(key, waiter.limit);
        if (found instanceof Rejected rejected) {
            waiter.tryRefuse(rejected);
        } else if (!waiter.session.track((Resource) found)) {
            waiter.tryRefuse(io.dflockd.core.SessionClosed.INSTANCE);
        } else {
            Resource resource = (Resource) found;
            waiter.resource = resource;
            resource.submit(waiter);
        }
    }

    /** Any thread, outside every drain loop: re-routes an enqueue that reached a retired resource. */
    void forwardEnqueue(Commands.Enqueue enqueue, ResourceKey key) {
        Object found = resourceFor(key, enqueue.limit);
        if (found instanceof Rejected rejected) {
            enqueue.answer(rejected);
        } else if (!enqueue.session.track((Resource) found)) {
            enqueue.answer(io.dflockd.core.SessionClosed.INSTANCE);
        } else {
            ((Resource) found).submit(enqueue);
        }
    }

    // ---- background work ----------------------------------------------------------------------------------------

    /** The lease sweep: upkeep for every key whose earliest lease has ended, and a retry for every stuck head. */
    void sweep() {
        long now = clock.nanoTime();
        for (Resource resource : resources.values()) {
            if (Deadlines.reached(now, resource.earliestLeaseEnd())) {
                resource.requestUpkeep();
            }
        }
        retryStuck();
    }

    /** Idle collection: asks every resource that looks idle long enough to retire (its drainer decides). */
    void collect() {
        long now = clock.nanoTime();
        for (Resource resource : resources.values()) {
            long idleSince = resource.idleSince();
            if (idleSince != Deadlines.NEVER && now - idleSince >= gcMaxIdleNanos) {
                resource.requestRetire();
            }
        }
    }

    /** Drainer: minting failed with a waiter at the head of {@code resource}'s queue (SEMANTICS 2.4). */
    void markStuck(Resource resource) {
        if (stuck.add(resource)) {
            LOG.warn("no fence could be minted for the next waiter on {}; it stays at the head and is retried",
                    resource.key);
        }
    }

    /** Whether {@code resource}'s head is waiting for a fence. */
    boolean isStuck(Resource resource) {
        return stuck.contains(resource);
    }

    /** One retry command to each resource whose head could not be promoted. */
    void retryStuck() {
        for (Iterator<Resource> it = stuck.iterator(); it.hasNext(); ) {
            Resource resource = it.next();
            it.remove();
            resource.requestUpkeep();
        }
    }

    /** A session ended: one command to each key it touched (SEMANTICS 7). */
    void sessionEnded(EngineSession session, List<Resource> touched) {
        sessions.remove(session.id());
        boolean autoRelease = config.autoReleaseOnSessionEnd();
        for (Resource resource : touched) {
            resource.execute(new Commands.SessionEnded(session, autoRelease));
        }
    }

    // ---- for the drainers and requests --------------------------------------------------------------------------

    NanoClock clock() {
        return clock;
    }

    Timers timers() {
        return timers;
    }

    FenceSource fences() {
        return fences;
    }

    Token mint(long fence) {
        return minter.apply(fence);
    }

    boolean autoRelease() {
        return config.autoReleaseOnSessionEnd();
    }

    long defaultLeaseTtlNanos() {
        return Deadlines.nanos(config.defaultLeaseTtl());
    }

    long gcMaxIdleNanos() {
        return gcMaxIdleNanos;
    }

    int maxWaiters() {
        return maxWaiters;
    }

    /** The number of resources in the map (for tests and stats). */
    int resourceCount() {
        return resourceCount.get();
    }

    /** The open sessions. */
    Iterable<EngineSession> openSessions() {
        return sessions.values();
    }

    /** Every resource in the map. */
    Iterable<Resource> resources() {
        return resources.values();
    }
}
