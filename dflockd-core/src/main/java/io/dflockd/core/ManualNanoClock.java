package io.dflockd.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A monotonic clock that moves only when told to, for deterministic tests. A lock manager created with it never
 * sleeps and never starts a timer thread: its waiter timeouts, lease sweeps and idle collections are scheduled on this
 * clock and run, in time order, by the thread that calls {@link #advance(Duration)}.
 *
 * <pre>{@code
 * ManualNanoClock clock = new ManualNanoClock();
 * LockManager manager = LockManager.create(LockManagerConfig.builder().nanoClock(clock).build());
 * ...
 * clock.advance(Duration.ofSeconds(34)); // the lease ends and the sweep hands the slot on, here and now
 * }</pre>
 *
 * <p>Thread-safe. {@link #advance} calls are serialised with each other.
 */
public final class ManualNanoClock implements NanoClock {
    private final Object advancing = new Object();
    private final PriorityQueue<Scheduled> due = new PriorityQueue<>();
    private volatile long now;
    private long sequence;

    /** A clock that reads 0. */
    public ManualNanoClock() {
        this(0);
    }

    /** A clock that reads {@code startNanos}. */
    public ManualNanoClock(long startNanos) {
        this.now = startNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves the clock forward by {@code step} and, in the calling thread, runs every scheduled task whose time has come,
     * in time order, each with the clock set to its own time; the clock then reads the old time plus {@code step}.
     */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        synchronized (advancing) {
            long target = now + step.toNanos();
            for (Scheduled next = pollDue(target); next != null; next = pollDue(target)) {
                if (next.at - now > 0) {
                    now = next.at;
                }
                next.task.run();
            }
            now = target;
        }
    }

    /**
     * Runs {@code task} in the thread that advances the clock to {@code atNanos} or beyond; the engine schedules its
     * timers here. A task scheduled at or before the current time runs on the next {@link #advance} (even by zero).
     */
    public void schedule(long atNanos, Runnable task) {
        synchronized (due) {
            due.add(new Scheduled(atNanos, sequence++, task));
        }
    }

    /** The times of the tasks still scheduled, earliest first (for test diagnostics). */
    public List<Long> scheduledTimes() {
        synchronized (due) {
            List<Long> times = new ArrayList<>();
            due.stream().sorted().forEach(s -> times.add(s.at));
            return times;
        }
    }

    private Scheduled pollDue(long target) {
        synchronized (due) {
            Scheduled head = due.peek();
            return head != null && target - head.at >= 0 ? due.poll() : null;
        }
    }

    private record Scheduled(long at, long sequence, Runnable task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(at - other.at, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
