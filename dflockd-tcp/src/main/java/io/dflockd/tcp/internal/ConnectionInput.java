package io.dflockd.tcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving side of one connection: a reader thread ({@link #pump}) moves bytes from the socket into a small
 * buffer, and the connection's handler thread takes them out line by line with deadlines ({@link #awaitData},
 * {@link #readLine}). Because the socket is always being read, the end of the peer is seen at once, also while the
 * handler is blocked in the engine: that is the watcher of PROTOCOL.md §10.
 *
 * <pre>
 *  normal   --beginWatch()-->  watching   handler, before a blocking engine call
 *  watching --endWatch()---->  normal     handler, after it returned
 *  watching --EOF, error or more than 4,096 further bytes--> failed   reader; runs onWatchFailure
 *  any      --close()------->  closed     handler; the reader stops at its next turn
 * </pre>
 *
 * <p>Invariants: (1) at most one of {@code endWatch} and the reader's failure decision wins, under {@link #lock};
 * the loser sees the winner's result. (2) Outside a watch the reader stops reading once {@value #READ_AHEAD} unread
 * bytes are buffered (back-pressure); inside one it keeps reading so that EOF is seen while the command blocks.
 * (3) The failure callback runs outside the lock, on the reader thread, at most once.
 */
public final class ConnectionInput {
    /** Unread bytes after which the reader pauses outside a watch. */
    static final int READ_AHEAD = 4096;
    /** Bytes the peer may send while a command blocks (PROTOCOL.md §10). */
    static final int WATCH_ALLOWANCE = 4096;
    private static final int CHUNK = 2048;
    private static final byte LF = '\n';

    /** What {@link #awaitData} saw. */
    public enum Arrival {
        /** At least one unread byte is buffered. */
        DATA,
        /** Nothing buffered and the peer is gone. */
        END,
        /** Nothing buffered and the deadline passed. */
        TIMEOUT,
        /** Nothing buffered and the server is draining. */
        DRAINING
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
    private final Runnable onWatchFailure;

    private byte[] buffer = new byte[512];
    private int head;
    private int tail;
    private boolean ended;
    private boolean closed;
    private boolean draining;
    private boolean watching;
    private boolean watchFailed;
    private long received;
    private long watchMark;

    /** @param onWatchFailure runs on the reader thread when the peer ends or floods during a watch */
    public ConnectionInput(Runnable onWatchFailure) {
        this.onWatchFailure = onWatchFailure;
    }

    /** Reader thread only: reads {@code in} until EOF, an error, a failed watch or {@link #close()}. */
    public void pump(InputStream in) {
        byte[] chunk = new byte[CHUNK];
        while (true) {
            if (!awaitRoomToRead()) {
                return;
            }
            int n;
            try {
                n = in.read(chunk, 0, CHUNK);
            } catch (IOException e) {
                n = -1;
            }
            if (!accept(chunk, n)) {
                return;
            }
        }
    }

    private boolean awaitRoomToRead() {
        lock.lock();
        try {
            while (!closed && !ended && !watching && tail - head >= READ_AHEAD) {
                changed.awaitUninterruptibly();
            }
            return !closed && !ended;
        } finally {
            lock.unlock();
        }
    }

    /** Stores what one read returned; false when the reader must stop. */
    private boolean accept(byte[] chunk, int n) {
        boolean failWatch;
        lock.lock();
        try {
            if (n < 0) {
                ended = true;
                failWatch = watching;
            } else {
                append(chunk, n);
                received += n;
                failWatch = watching && received - watchMark > WATCH_ALLOWANCE;
            }
            if (failWatch) {
                watching = false; // invariant 1: the reader wins
                watchFailed = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (failWatch) {
            onWatchFailure.run(); // invariant 3
            return false;
        }
        return n >= 0;
    }

    private void append(byte[] chunk, int n) {
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
                if (tail > head) {
                    return Arrival.DATA;
                }
                if (ended || closed) {
                    return Arrival.END;
                }
                if (draining) {
                    return Arrival.DRAINING;
                }
                if (!awaitUntil(deadlineNanos)) {
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
                    changed.signalAll();
                    return line.tooLong() ? LineEnd.TOO_LONG : LineEnd.LINE;
                }
                changed.signalAll(); // room for the reader
                if (ended || closed) {
                    return LineEnd.END;
                }
                if (!awaitUntil(deadlineNanos)) {
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

    /** Waits for a change; false when the deadline has passed. Lock held. */
    private boolean awaitUntil(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            changed.awaitUninterruptibly();
            return true;
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        try {
            changed.awaitNanos(remaining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        return true;
    }

    /**
     * Handler only, before a blocking engine call: from now on the peer's EOF, a read error, or more than
     * {@value #WATCH_ALLOWANCE} further bytes run the failure callback. False (and no watch) when the peer has
     * already ended: the caller then treats the command as cancelled.
     */
    public boolean beginWatch() {
        lock.lock();
        try {
            if (ended || closed) {
                return false;
            }
            watching = true;
            watchFailed = false;
            watchMark = received;
            changed.signalAll(); // the reader may be pausing for back-pressure
            return true;
        } finally {
            lock.unlock();
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

    /** Any thread: wakes a handler waiting between requests so that it answers {@code error_draining}. */
    public void wakeForDrain() {
        lock.lock();
        try {
            draining = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Any thread: the connection is closing; every wait ends and the reader stops at its next turn. */
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
