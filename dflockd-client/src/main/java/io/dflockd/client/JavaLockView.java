package io.dflockd.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * {@link DistributedLock#asJavaLock()}: a {@link Lock} backed by one {@link DistributedLock}. Not reentrant;
 * ownership is the token, not the thread, so {@link #unlock()} may be called from any thread.
 */
final class JavaLockView implements Lock {
    private final Holder holder;

    JavaLockView(Holder holder) {
        this.holder = holder;
    }

    /** Blocks until granted, retrying acquire timeouts; interrupts are remembered and re-asserted on return. */
    @Override
    public void lock() {
        requireIdle();
        acquireDeferringInterrupts(holder.config().acquireTimeoutSeconds(), true);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        requireIdle();
        while (!holder.acquire(holder.config().acquireTimeoutSeconds())) {
            // acquire timed out: keep waiting, as Lock.lockInterruptibly() does
        }
    }

    /** Non-blocking; never jumps the queue. Ignores interrupts (re-asserted on return). */
    @Override
    public boolean tryLock() {
        requireIdle();
        return acquireDeferringInterrupts(0, false);
    }

    /** Waits up to {@code time}, rounded up to whole seconds (the protocol's unit); 0 or less = {@link #tryLock()}. */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        requireIdle();
        long nanos = unit.toNanos(time);
        if (nanos <= 0) {
            return holder.acquire(0);
        }
        // the protocol's largest timeout is a little under Long.MAX_VALUE nanoseconds: clamp, as j.u.c callers
        // commonly pass Long.MAX_VALUE to mean "forever"
        long seconds = Math.min(Arguments.MAX_SECONDS, Arguments.seconds("time",
                Duration.ofNanos(Math.min(nanos, Arguments.MAX_SECONDS * 1_000_000_000L))));
        return holder.acquire(seconds);
    }

    /** {@link DistributedLock#release()}: from any thread; idempotent. */
    @Override
    public void unlock() {
        holder.release();
    }

    /** Not supported: a distributed lock has no conditions. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("a DistributedLock has no conditions");
    }

    /**
     * Acquires until an attempt ends without an interrupt (and, if {@code untilGranted}, with a grant). An interrupt
     * (also one pending on entry) cancels only the attempt it hits; it is remembered and re-asserted on return.
     */
    private boolean acquireDeferringInterrupts(long timeoutSeconds, boolean untilGranted) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    boolean granted = holder.acquire(timeoutSeconds);
                    if (granted || !untilGranted) {
                        return granted;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void requireIdle() {
        if (holder.isHeldOrQueued()) {
            throw new IllegalStateException("not reentrant: " + holder.config().key()
                    + " is already held or queued by this DistributedLock");
        }
    }

    @Override
    public String toString() {
        return "JavaLockView[" + holder + "]";
    }
}
