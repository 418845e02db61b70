package io.dflockd.core.internal.fence;

import java.util.ArrayDeque;
import java.util.Deque;

/** A {@link ReserverScheduler} whose tasks run only when the test says so, on the test's thread. */
final class ManualScheduler implements ReserverScheduler {
    private final Deque<Runnable> due = new ArrayDeque<>();
    private final Deque<Runnable> delayed = new ArrayDeque<>();
    private boolean closed;

    @Override
    public synchronized void execute(Runnable task) {
        if (!closed) {
            due.add(task);
        }
    }

    @Override
    public synchronized void executeLater(Runnable task, long delayNanos) {
        if (!closed) {
            delayed.add(task);
        }
    }

    /** Runs the tasks that are due, including any they submit for immediate execution. */
    void runDue() {
        for (Runnable task = poll(due); task != null; task = poll(due)) {
            task.run();
        }
    }

    /** Lets the delay of every scheduled retry pass, then runs what is due. */
    void runDelayed() {
        synchronized (this) {
            due.addAll(delayed);
            delayed.clear();
        }
        runDue();
    }

    synchronized int dueCount() {
        return due.size();
    }

    synchronized int delayedCount() {
        return delayed.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private synchronized Runnable poll(Deque<Runnable> queue) {
        return queue.poll();
    }

    @Override
    public synchronized void close() {
        closed = true;
        due.clear();
        delayed.clear();
    }
}
