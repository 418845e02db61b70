package io.dflockd.core.internal;

import io.dflockd.core.ManualNanoClock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Timers on a {@link ManualNanoClock}: requesters park until woken, and everything due runs in the thread that
 * advances the clock, at the clock time it was due. Tests never sleep.
 */
final class ManualTimers implements Timers {
    private final ManualNanoClock clock;
    private volatile boolean closed;

    ManualTimers(ManualNanoClock clock) {
        this.clock = clock;
    }

    /**
     * Parks unless the clock has already reached {@code deadline}, as {@link SystemTimers} does: a wake-up armed
     * after an advance went past the deadline would only run at the next advance, and the caller would sleep through it.
     */
    @Override
    public void park(Object blocker, long deadline) {
        if (!Deadlines.reached(clock.nanoTime(), deadline)) {
            LockSupport.park(blocker);
        }
    }

    @Override
    public void wakeAt(Thread requester, long deadline) {
        if (deadline != Deadlines.NEVER) {
            clock.schedule(deadline, () -> LockSupport.unpark(requester));
        }
    }

    @Override
    public Scheduled at(long deadline, Runnable task) {
        OneShot shot = new OneShot(task);
        clock.schedule(deadline, shot);
        return shot;
    }

    @Override
    public void every(long periodNanos, Runnable task) {
        schedule(Deadlines.add(clock.nanoTime(), periodNanos), periodNanos, task);
    }

    private void schedule(long at, long periodNanos, Runnable task) {
        clock.schedule(at, () -> {
            if (!closed) {
                task.run();
                schedule(Deadlines.add(at, periodNanos), periodNanos, task);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A task the clock runs once unless cancelled first; cancelling drops the task (and what it holds) at once. */
    private final class OneShot implements Runnable, Scheduled {
        private final AtomicReference<Runnable> task;

        OneShot(Runnable task) {
            this.task = new AtomicReference<>(task);
        }

        @Override
        public void run() {
            Runnable due = task.getAndSet(null);
            if (due != null && !closed) {
                due.run();
            }
        }

        @Override
        public void cancel() {
            task.set(null);
        }
    }
}
