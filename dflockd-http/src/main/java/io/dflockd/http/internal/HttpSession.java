package io.dflockd.http.internal;

import io.dflockd.core.Session;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP session: the stand-in for a TCP connection (HTTP.md §6), wrapping one engine {@link Session}.
 *
 * <pre>
 *  OPEN --seal()--> SEALED     DELETE, reaper or drain; wakes queued requests, which answer 410
 * </pre>
 *
 * Invariants: (1) once sealed, {@link #claim()} and {@link #awaitTurn()} fail, so nothing new runs on the session;
 * (2) at most one claimed request holds the turn at a time, and the turn passes in arrival order;
 * (3) {@code inFlight} counts claimed requests until they have written their response, so the reaper never ends a
 * session while one of its requests (a long-poll included) is running.
 *
 * <p>Any thread. The monitor guards only in-memory state; no I/O is done while holding it.
 */
public final class HttpSession {
    private final String id;
    private final Session engine;
    private final InetAddress clientAddress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> turns = new ArrayDeque<>();
    private volatile long lastSeenNanos;
    private int inFlight;
    private boolean sealed;

    HttpSession(String id, Session engine, InetAddress clientAddress, long nowNanos) {
        this.id = id;
        this.engine = engine;
        this.clientAddress = clientAddress;
        this.lastSeenNanos = nowNanos;
    }

    /** The secret 32-hex id. Never logged in full. */
    public String id() {
        return id;
    }

    /** The engine session that owns this session's grants and waiters. */
    public Session engine() {
        return engine;
    }

    /** The IP that created the session (for the per-IP session cap). */
    InetAddress clientAddress() {
        return clientAddress;
    }

    /** Refreshes the last-seen time. Any thread. */
    public void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Marks one more request in flight; false when sealed (invariant 1). */
    public boolean claim() {
        lock.lock();
        try {
            if (sealed) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a {@link #claim()}: one request fewer in flight; refreshes last seen. */
    public void unclaim() {
        lock.lock();
        try {
            inFlight--;
            touch();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for this session's turn (invariant 2). Returns the turn to pass to {@link #releaseTurn}, or null when the
     * session was sealed before the turn came (the request must then answer 410 without acting).
     */
    public Object awaitTurn() throws InterruptedException {
        Object turn = new Object();
        lock.lock();
        try {
            turns.addLast(turn);
            while (true) {
                if (sealed) {
                    turns.remove(turn);
                    changed.signalAll();
                    return null;
                }
                if (turns.peekFirst() == turn) {
                    return turn;
                }
                changed.await();
            }
        } catch (InterruptedException e) {
            turns.remove(turn);
            changed.signalAll();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** Gives up the turn returned by {@link #awaitTurn()}. */
    public void releaseTurn(Object turn) {
        lock.lock();
        try {
            turns.remove(turn);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Seals the session (invariant 1) and wakes every queued request. Returns false if it already was. */
    boolean seal() {
        lock.lock();
        try {
            if (sealed) {
                return false;
            }
            sealed = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals the session if it has no request in flight and was last seen more than {@code idleNanos} before
     * {@code nowNanos}: the reaper's check and seal in one step, so a request cannot slip in between.
     */
    boolean sealIfIdle(long nowNanos, long idleNanos) {
        lock.lock();
        try {
            if (sealed || inFlight > 0 || nowNanos - lastSeenNanos <= idleNanos) {
                return false;
            }
            sealed = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the session has been sealed. */
    public boolean isSealed() {
        lock.lock();
        try {
            return sealed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a request is in flight (invariant 3). */
    boolean busy() {
        lock.lock();
        try {
            return inFlight > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no request is in flight, at most {@code timeoutNanos}; returns whether it got there. */
    boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (inFlight > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Shows a prefix of the id only: the id is a secret. */
    @Override
    public String toString() {
        return "HttpSession[" + id.substring(0, 6) + "…, conn " + engine.id() + "]";
    }
}
