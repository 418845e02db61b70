package io.dflockd.bench;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.NanoClock;
import io.dflockd.core.NotHeld;
import io.dflockd.core.RejectReason;
import io.dflockd.core.Rejected;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmarks' reference: strict per-key FIFO locks and semaphores with tokens, fences and leases, written the
 * plain way, with one {@code synchronized} monitor per key instead of the engine's mailbox and drain loop. It is
 * what a careful engineer writes without the mailbox, and it answers with the engine's own outcome types, so both
 * do the same work per call and allocate the same result objects.
 *
 * <p>Any thread. {@link #acquire} blocks up to its timeout; {@link #release} never blocks on anything but the key's
 * monitor.
 *
 * <p>Design. A {@link ConcurrentHashMap} maps each key to its {@code Resource}; every read or change of a resource
 * happens inside {@code synchronized (resource)}. A resource has its limit, its holders (token, owner, lease end) and
 * a FIFO {@link ArrayDeque} of waiters. When capacity frees up the releasing thread promotes the oldest waiters itself:
 * it records the holder, publishes the grant in the waiter's volatile field and unparks that one thread. A woken
 * thread never competes for the slot (no barging, no thundering herd), and waiters park without spinning. Leases are
 * checked lazily: each acquire and release first drops the key's holders whose lease has ended.
 *
 * <p>Invariants, true whenever no thread is inside the resource's monitor:
 * <ol>
 * <li>a resource has at most {@code limit} holders;</li>
 * <li>a waiter is queued exactly while its grant is unset and it has not given up; both changes happen under the
 * monitor, so a timeout and a grant are decided once;</li>
 * <li>a resource with fewer than {@code limit} holders has no waiters (no free slot is ever kept from the queue).</li>
 * </ol>
 *
 * <p>Deliberately left out (the engine does them, the benchmarks never exercise them): sessions and their cleanup,
 * two-phase enqueue/wait, renew, idle-key collection, the {@code maxLocks}/{@code maxWaiters} caps, durable fences,
 * the lease sweeper, and restarting the lease when a blocked caller is handed its grant.
 */
public final class SynchronizedLockTable {
    /** The largest semaphore limit, as the engine's. */
    public static final int MAX_LIMIT = 1_048_576;

    private static final Rejected LIMIT_MISMATCH = new Rejected(RejectReason.LIMIT_MISMATCH);

    private final ConcurrentHashMap<ResourceKey, Resource> resources = new ConcurrentHashMap<>();
    private final AtomicLong fences = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
    private final NanoClock clock;
    private final Duration defaultLeaseTtl;

    /** A table whose leases and timeouts run on {@code clock}, with {@code defaultLeaseTtl} for requests naming none. */
    public SynchronizedLockTable(NanoClock clock, Duration defaultLeaseTtl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultLeaseTtl = requirePositive("defaultLeaseTtl", defaultLeaseTtl);
    }

    /** {@link #acquire(long, ResourceKey, int, Duration, Duration)} with the default lease. */
    public AcquireOutcome acquire(long owner, ResourceKey key, int limit, Duration timeout)
            throws InterruptedException {
        return acquire(owner, key, limit, timeout, defaultLeaseTtl);
    }

    /**
     * Acquires one slot of {@code key} for {@code owner}, waiting up to {@code timeout} in FIFO order
     * ({@link Duration#ZERO}: try once, never jumping the queue). Answers {@link Granted}, {@link TimedOut}, or
     * {@link Rejected} with {@link RejectReason#LIMIT_MISMATCH}. If interrupted while queued it leaves the queue (or
     * passes on a grant that raced the interrupt) and throws.
     */
    public AcquireOutcome acquire(long owner, ResourceKey key, int limit, Duration timeout, Duration leaseTtl)
            throws InterruptedException {
        Objects.requireNonNull(key, "key");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        requirePositive("leaseTtl", leaseTtl);
        Resource resource = resources.get(key);
        if (resource == null) {
            resource = resources.computeIfAbsent(key, k -> new Resource(limit));
        }
        Waiter waiter;
        long now;
        synchronized (resource) {
            if (resource.limit != limit) {
                return LIMIT_MISMATCH;
            }
            now = clock.nanoTime();
            expireLocked(resource, key, now);
            if (resource.holders.size() < limit && resource.waiters.isEmpty()) {
                return new Granted(grantLocked(resource, key, owner, leaseTtl, now));
            }
            if (timeout.isZero()) {
                return TimedOut.INSTANCE;
            }
            waiter = new Waiter(Thread.currentThread(), owner, leaseTtl);
            resource.waiters.addLast(waiter);
        }
        return await(key, resource, waiter, now, saturatedNanos(timeout));
    }

    /**
     * Releases the grant named by {@code token} (any caller may) and promotes the oldest waiters into the freed slot.
     * Answers {@link NotHeld} when the token is not a current holder of {@code key}.
     */
    public ReleaseOutcome release(ResourceKey key, Token token) {
        Resource resource = resources.get(key);
        if (resource == null) {
            return NotHeld.INSTANCE;
        }
        synchronized (resource) {
            long now = clock.nanoTime();
            expireLocked(resource, key, now);
            for (int i = 0; i < resource.holders.size(); i++) {
                if (resource.holders.get(i).token.equals(token)) {
                    resource.holders.remove(i);
                    promoteLocked(resource, key, now);
                    return Released.INSTANCE;
                }
            }
            return NotHeld.INSTANCE;
        }
    }

    /** How many grants of {@code key} are held now (leases that have ended not yet removed); 0 for an unknown key. */
    public int holderCount(ResourceKey key) {
        Resource resource = resources.get(key);
        if (resource == null) {
            return 0;
        }
        synchronized (resource) {
            return resource.holders.size();
        }
    }

    /** How many callers are queued on {@code key}; 0 for an unknown key. */
    public int waiterCount(ResourceKey key) {
        Resource resource = resources.get(key);
        if (resource == null) {
            return 0;
        }
        synchronized (resource) {
            return resource.waiters.size();
        }
    }

    private AcquireOutcome await(ResourceKey key, Resource resource, Waiter waiter, long start, long timeoutNanos)
            throws InterruptedException {
        while (true) {
            Grant grant = waiter.grant;
            if (grant != null) {
                return new Granted(grant);
            }
            if (Thread.interrupted()) {
                if (!leaveQueue(resource, waiter)) {
                    release(key, waiter.grant.token());
                }
                throw new InterruptedException();
            }
            long remaining = timeoutNanos - (clock.nanoTime() - start);
            if (remaining <= 0) {
                // invariant 2: if the grant won the race the caller holds the slot, so it gets it.
                return leaveQueue(resource, waiter) ? TimedOut.INSTANCE : new Granted(waiter.grant);
            }
            LockSupport.parkNanos(this, remaining);
        }
    }

    /** Takes {@code waiter} off its queue unless it was granted first; false means it holds a grant now. */
    private static boolean leaveQueue(Resource resource, Waiter waiter) {
        synchronized (resource) {
            if (waiter.grant != null) {
                return false;
            }
            resource.waiters.remove(waiter);
            return true;
        }
    }

    /** Under the monitor: drops holders whose lease has ended and hands their slots to the queue. */
    private void expireLocked(Resource resource, ResourceKey key, long now) {
        boolean freed = false;
        for (int i = resource.holders.size() - 1; i >= 0; i--) {
            if (resource.holders.get(i).leaseEnd - now <= 0) {
                resource.holders.remove(i);
                freed = true;
            }
        }
        if (freed) {
            promoteLocked(resource, key, now);
        }
    }

    /** Under the monitor: grants free slots to the oldest waiters (invariant 3) and wakes each one. */
    private void promoteLocked(Resource resource, ResourceKey key, long now) {
        while (resource.holders.size() < resource.limit && !resource.waiters.isEmpty()) {
            Waiter waiter = resource.waiters.pollFirst();
            waiter.grant = grantLocked(resource, key, waiter.owner, waiter.leaseTtl, now);
            LockSupport.unpark(waiter.thread);
        }
    }

    /** Under the monitor: mints a token with the next fence and records its holder. */
    private Grant grantLocked(Resource resource, ResourceKey key, long owner, Duration leaseTtl, long now) {
        Token token = new Token(fences.incrementAndGet(), AesCtrSalts.next());
        resource.holders.add(new Holder(token, owner, now + leaseTtl.toNanos()));
        return new Grant(key, token, leaseTtl);
    }

    private static long saturatedNanos(Duration duration) {
        return duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : duration.toNanos();
    }

    private static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /** One key's state; guarded by its own monitor. */
    private static final class Resource {
        final int limit;
        final ArrayList<Holder> holders;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

        Resource(int limit) {
            this.limit = limit;
            this.holders = new ArrayList<>(Math.min(limit, 16));
        }
    }

    /** A held slot. */
    private record Holder(Token token, long owner, long leaseEnd) {
    }

    /**
     * A queued caller. {@code grant} moves once, from null to the grant, under the resource's monitor; the waiting
     * thread reads it without the monitor, hence volatile.
     */
    private static final class Waiter {
        final Thread thread;
        final long owner;
        final Duration leaseTtl;
        volatile Grant grant;

        Waiter(Thread thread, long owner, Duration leaseTtl) {
            this.thread = thread;
            this.owner = owner;
            this.leaseTtl = leaseTtl;
        }
    }
}
