package io.dflockd.tcp.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The receiving side of one connection: a small buffer that the connection's handler thread takes lines out of, with
 * deadlines ({@link #awaitData}, {@link #readLine}). Bytes are read from the socket on demand by whichever thread
 * owns the read: the handler itself while it waits for a request, or a watcher thread while a command blocks in the
 * engine. So an idle or reading connection costs one thread, and a blocked one two; the watcher is what notices a
 * peer that leaves while its command blocks (PROTOCOL.md §10).
 *
 * <pre>
 *  normal   --beginWatch()-->  watching   handler, before a blocking engine call; starts a watcher if no read is
 *                                         in flight
 *  watching --endWatch()---->  normal     handler, after it returned; the watcher stops after its current read
 *  watching --EOF, error or more than 4,096 further bytes--> failed   watcher; runs onWatchFailure
 *  any      --close()------->  closed     any thread; every wait ends
 * </pre>
 *
 * <p>Invariants: (1) at most one thread reads the socket at a time: the one that set {@link #reading}; only it
 * touches {@link #chunk} and the socket's timeout. (2) at most one of {@code endWatch} and the watcher's failure
 * decision wins, under {@link #lock}; the loser sees the winner's result. (3) the failure callback runs outside the
 * lock, on the watcher thread, at most once per watch. (4) a watcher whose watch has ended goes on reading for the
 * handler while bytes keep coming, and hands the reading back after {@value #WATCHER_LINGER_MILLIS} ms without one
 * or once {@value #LINGER_BUFFER_CAP} unread bytes are buffered (so a flood is never read ahead of the handler).
 * Why it lingers: a client whose requests queue (a hot key) would otherwise cost a new watcher thread per request,
 * which on platform threads was the main per-request cost (issue 6); handing bytes over costs one wake-up.
 */
public final class ConnectionInput {
    /** Bytes the peer may send while a command blocks (PROTOCOL.md §10). */
    static final int WATCH_ALLOWANCE = 4096;
    /** How long one watcher read waits, so that a watcher ends soon after its watch. */
    static final int WATCHER_LINGER_MILLIS = 200;
    /** Unread bytes past which a watcher without a watch stops reading ahead of the handler (invariant 4). */
    static final int LINGER_BUFFER_CAP = 8192;
    private static final int CHUNK = 2048;
    private static final byte LF = '\n';

    /** The socket, read one chunk at a time. */
    @FunctionalInterface
    public interface Source {
        /**
         * Reads at most {@code into.length} bytes; -1 at the end of the stream; {@link SocketTimeoutException} after
         * {@code timeoutMillis} without a byte (0 = wait forever).
         */
        int read(byte[] into, int timeoutMillis) throws IOException;
    }

    /** What {@link #awaitData} saw. */
    public enum Arrival {
        /** At least one unread byte is buffered. */
        DATA,
        /** Nothing buffered and the peer is gone (or the connection is closing). */
        END,
        /** Nothing buffered and the deadline passed. */
        TIMEOUT,
        /** Nothing buffered and the server is draining. */
        DRAINING,
        /** The drainer took over this idle connection while the handler was reading: it answers and closes. */
        TAKEN_OVER
    }

    /** How {@link #readLine} ended. */
    public enum LineEnd {
        /** A complete line is in the {@link LineBuffer}. */
        LINE,
        /** The line exceeded its cap; input was discarded up to and including its LF. */
        TOO_LONG,
        /** The peer went away before the LF. */
        END,
        /** The deadline passed before the LF. */
        TIMEOUT
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Source source;
    private final Consumer<Runnable> watcherStarter;
    private final Runnable onWatchFailure;
    private final byte[] chunk = new byte[CHUNK];

    private byte[] buffer = new byte[512];
    private int head;
    private int tail;
    private boolean reading;
    private boolean idleRead;
    private boolean takenOver;
    private boolean ended;
    private boolean closed;
    private boolean draining;
    private boolean watching;
    private boolean watchFailed;
    private long received;
    private long watchMark;

    /**
     * @param source         the socket
     * @param watcherStarter starts a watcher thread running the given task
     * @param onWatchFailure runs on the watcher thread when the peer ends or floods during a watch
     */
    public ConnectionInput(Source source, Consumer<Runnable> watcherStarter, Runnable onWatchFailure) {
        this.source = source;
        this.watcherStarter = watcherStarter;
        this.onWatchFailure = onWatchFailure;
    }

    /**
     * Handler only: waits until a byte is buffered, the peer has ended, {@code deadlineNanos} (a
     * {@link System#nanoTime()} value; {@link Long#MAX_VALUE} = none) passes, or the server drains. Buffered bytes
     * win over every other answer.
     */
    public Arrival awaitData(long deadlineNanos) {
        lock.lock();
        try {
            while (true) {
                if (takenOver) {
                    return Arrival.TAKEN_OVER;
                }
                if (tail > head) {
                    return Arrival.DATA;
                }
                if (ended || closed) {
                    return Arrival.END;
                }
                if (draining) {
                    return Arrival.DRAINING;
                }
                if (!fill(deadlineNanos, true)) {
                    return Arrival.TIMEOUT;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handler only: reads one line into {@code line} (cleared first), without its LF, failing with
     * {@link LineEnd#TOO_LONG} when it holds more than {@code cap} bytes. The draining flag does not cut a line short.
     */
    public LineEnd readLine(LineBuffer line, int cap, long deadlineNanos) {
        line.clear();
        lock.lock();
        try {
            while (true) {
                int lf = indexOfLf();
                int end = lf >= 0 ? lf : tail;
                if (end > head) {
                    line.append(buffer, head, end - head, cap);
                    head = end;
                }
                if (lf >= 0) {
                    head = lf + 1;
                    return line.tooLong() ? LineEnd.TOO_LONG : LineEnd.LINE;
                }
                if (ended || closed) {
                    return LineEnd.END;
                }
                if (!fill(deadlineNanos, false)) {
                    return LineEnd.TIMEOUT;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private int indexOfLf() {
        for (int i = head; i < tail; i++) {
            if (buffer[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Handler, lock held, buffer without what the caller needs: reads one chunk itself, or waits for the thread
     * that is reading. False when the deadline has passed.
     */
    private boolean fill(long deadlineNanos, boolean idle) {
        long remaining = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
        if (deadlineNanos != Long.MAX_VALUE && remaining <= 0) {
            return false;
        }
        if (reading) { // a watcher still owns the read (invariant 1): wait for what it brings
            if (deadlineNanos == Long.MAX_VALUE) {
                changed.awaitUninterruptibly();
            } else {
                awaitNanos(remaining);
            }
            return true;
        }
        reading = true;
        idleRead = idle;
        lock.unlock();
        int n;
        try {
            n = source.read(chunk, deadlineNanos == Long.MAX_VALUE ? 0 : millisRoundedUp(remaining));
        } catch (SocketTimeoutException e) {
            n = 0;
        } catch (IOException e) {
            n = -1;
        } finally {
            lock.lock();
            reading = false;
            idleRead = false;
        }
        if (!takenOver) {
            store(n);
        }
        changed.signalAll();
        return true;
    }

    private void awaitNanos(long nanos) {
        try {
            changed.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static int millisRoundedUp(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    /** Records one read's result: {@code n} bytes of {@link #chunk}, or the end of the stream. Lock held. */
    private void store(int n) {
        if (n < 0) {
            ended = true;
            return;
        }
        if (buffer.length - tail < n) {
            int unread = tail - head;
            if (buffer.length - unread < n) {
                byte[] larger = new byte[Math.max(buffer.length * 2, unread + n)];
                System.arraycopy(buffer, head, larger, 0, unread);
                buffer = larger;
            } else {
                System.arraycopy(buffer, head, buffer, 0, unread);
            }
            head = 0;
            tail = unread;
        }
        System.arraycopy(chunk, 0, buffer, tail, n);
        tail += n;
        received += n;
    }

    /**
     * Handler only, before a blocking engine call: from now on the peer's EOF, a read error, or more than
     * {@value #WATCH_ALLOWANCE} further bytes run the failure callback. False (and no watch) when the peer has
     * already ended: the caller then treats the command as cancelled.
     */
    public boolean beginWatch() {
        boolean startWatcher;
        lock.lock();
        try {
            if (ended || closed) {
                return false;
            }
            watching = true;
            watchFailed = false;
            watchMark = received;
            startWatcher = !reading; // else the lingering watcher of an earlier watch carries on (invariant 4)
            reading = true;
        } finally {
            lock.unlock();
        }
        if (startWatcher) {
            try {
                watcherStarter.accept(this::watch);
            } catch (OutOfMemoryError e) {
                lock.lock();
                try {
                    reading = false; // no thread to spare: the command runs unwatched
                } finally {
                    lock.unlock();
                }
            }
        }
        return true;
    }

    /** Watcher thread: reads while the watch lasts; see invariants 1 to 4. */
    private void watch() {
        while (true) {
            int n;
            boolean timedOut = false;
            try {
                n = source.read(chunk, WATCHER_LINGER_MILLIS);
            } catch (SocketTimeoutException e) {
                n = 0;
                timedOut = true;
            } catch (IOException e) {
                n = -1;
            }
            boolean failed = false;
            boolean goOn;
            lock.lock();
            try {
                if (!timedOut) {
                    store(n);
                    failed = watching && (n < 0 || received - watchMark > WATCH_ALLOWANCE);
                    if (failed) {
                        watching = false; // invariant 2: the watcher wins
                        watchFailed = true;
                    }
                }
                goOn = !ended && !closed && (watching || !timedOut && tail - head < LINGER_BUFFER_CAP); // inv. 4
                if (!goOn) {
                    reading = false;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (failed) {
                onWatchFailure.run(); // invariant 3
            }
            if (!goOn) {
                return;
            }
        }
    }

    /** Handler only, after the blocking call: ends the watch; true when the peer ended or flooded meanwhile. */
    public boolean endWatch() {
        lock.lock();
        try {
            watching = false;
            return watchFailed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drainer: wakes a handler waiting between requests so that it answers {@code error_draining}. Returns true when
     * the handler is blocked in its own socket read with nothing buffered: it cannot be woken, so the caller takes
     * over (answers and closes) and the handler's read ends as {@link Arrival#TAKEN_OVER}.
     */
    public boolean wakeForDrain() {
        lock.lock();
        try {
            draining = true;
            changed.signalAll();
            if (idleRead && tail == head) {
                takenOver = true;
            }
            return takenOver;
        } finally {
            lock.unlock();
        }
    }

    /** Any thread: the connection is closing; every wait ends. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A deadline {@code timeoutNanos} after {@code nowNanos}; {@link Long#MAX_VALUE} (none) on overflow. */
    static long deadlineAfter(long nowNanos, long timeoutNanos) {
        long deadline = nowNanos + timeoutNanos;
        return deadline < nowNanos ? Long.MAX_VALUE : deadline;
    }

    /** {@code duration} in nanoseconds, where {@link Duration#ZERO} means none ({@link Long#MAX_VALUE}). */
    static long nanosOrNone(Duration duration) {
        return duration.isZero() ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.convert(duration);
    }
}
