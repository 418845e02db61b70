package io.dflockd.core.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A command whose caller waits for its answer. The drainer writes the answer once; the caller (the thread that
 * created the command) spins briefly and then parks until it is there.
 *
 * <pre>
 *  empty --complete(answer)--> answered   drainer (or the forwarding thread); wakes the caller if it parked
 * </pre>
 *
 * <p>Invariants: (1) the answer is written once, and never null; (2) the caller publishes {@code parked} before it
 * re-reads the answer and parks, and the drainer writes the answer before it reads {@code parked} (both volatile), so
 * a wake-up is never lost.
 */
abstract class Reply<T> extends Command {
    private static final int SPINS = 1 << 9;

    private final Thread caller = Thread.currentThread();
    private volatile Object answer;
    private volatile boolean parked;

    /** Drainer only (or the forwarding thread). Invariant 1. */
    final void complete(T value) {
        answer = value;
        if (parked) { // invariant 2: answer written before parked is read
            LockSupport.unpark(caller);
        }
    }

    @Override
    final void abort(RuntimeException failure) {
        answer = failure;
        if (parked) {
            LockSupport.unpark(caller);
        }
    }

    /** Caller only. Waits (not interruptibly: drainers never block) for the answer. */
    @SuppressWarnings("unchecked")
    final T await() {
        Object value = answer;
        for (int i = 0; value == null && i < SPINS; i++) {
            Thread.onSpinWait();
            value = answer;
        }
        if (value == null) {
            parked = true;
            while ((value = answer) == null) { // invariant 2: parked published before re-reading
                LockSupport.park(this);
            }
        }
        if (value instanceof RuntimeException failure) {
            throw new IllegalStateException("engine command failed", failure);
        }
        return (T) value;
    }
}
