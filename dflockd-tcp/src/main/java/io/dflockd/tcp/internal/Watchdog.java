package io.dflockd.tcp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs deadline actions for blocking socket calls that Java cannot time out by itself: a reply write, the TLS
 * handshake, the close of a TLS socket. Each connection owns one {@link Slot}; the action (always a forced close) runs
 * on the watchdog's one daemon thread if a deadline passes before the owner {@link Slot#disarm() disarms} it.
 *
 * <p>Why a scan and not a scheduler: arming happens around every reply, so it must cost no more than a volatile
 * write. A scheduled task per write allocated, took a lock, and woke the scheduler's thread for every reply (it was
 * one context switch per request in the JFR profile of issue 6). Instead the thread looks at the armed slots every
 * {@value #TICK_MILLIS} ms while any connection has ever armed, so an action runs at most that much late, which is
 * nothing next to deadlines of seconds. With no slot registered the thread sleeps until one is.
 *
 * <p>Any thread.
 */
public final class Watchdog implements AutoCloseable {
    static final long TICK_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long DISARMED = Long.MIN_VALUE;
    private static final VarHandle DEADLINE = deadlineHandle();

    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final Thread scanner;
    private volatile boolean closed;

    public Watchdog() {
        scanner = new Thread(this::scan, "dflockd-tcp-watchdog");
        scanner.setDaemon(true);
        scanner.start();
    }

    /**
     * A new slot whose deadlines run {@code action}. Its owner calls {@link Slot#arm}/{@link Slot#disarm} around one
     * blocking call at a time, and {@link Slot#close()} when the connection ends.
     */
    public Slot slot(Runnable action) {
        return new Slot(action);
    }

    /** One connection's deadline: armed, or not. */
    public final class Slot implements AutoCloseable {
        private final Runnable action;
        private volatile long deadline = DISARMED;
        private volatile boolean registered;

        private Slot(Runnable action) {
            this.action = action;
        }

        /** Runs the action once {@code delay} has passed, unless disarmed first; {@link Duration#ZERO} arms nothing. */
        public void arm(Duration delay) {
            if (delay.isZero() || closed) {
                return;
            }
            long at = System.nanoTime() + delay.toNanos();
            deadline = at == DISARMED ? at + 1 : at;
            if (!registered) { // first arm of this connection: from now on the scan looks at it
                registered = true;
                if (slots.add(this)) {
                    LockSupport.unpark(scanner);
                }
            }
        }

        /** Cancels the pending action if it has not started. */
        public void disarm() {
            deadline = DISARMED;
        }

        /** The connection has ended: the slot is never looked at again. */
        @Override
        public void close() {
            disarm();
            slots.remove(this);
        }

        /** Scanner: runs the action if the deadline has passed; the CAS makes a racing disarm and the run exclusive. */
        private void fireIfDue(long now) {
            long at = deadline;
            if (at != DISARMED && now - at >= 0 && DEADLINE.compareAndSet(this, at, DISARMED)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.error("watchdog action failed", e);
                }
            }
        }
    }

    private void scan() {
        while (!closed) {
            if (slots.isEmpty()) {
                LockSupport.park(this); // a first arm unparks; a spurious wake-up just scans nothing
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            }
            long now = System.nanoTime();
            for (Slot slot : slots) {
                slot.fireIfDue(now);
            }
        }
    }

    /** Stops the watchdog thread; pending actions are dropped. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(scanner);
    }

    private static VarHandle deadlineHandle() {
        try {
            return MethodHandles.lookup().findVarHandle(Slot.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
