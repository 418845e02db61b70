package io.dflockd.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads LF-terminated lines from an {@link InputStream}, each bounded by a cap given per call, through an internal
 * buffer. It never reads a line without a bound and never blocks for more than one {@code read} of the stream at a
 * time, so the caller's socket timeout (or a stream that enforces a deadline) bounds every wait, including the
 * discard of an over-long line.
 *
 * <p>A line's length counts the bytes before the LF, a trailing CR included; the CR (one, at the very end) is then
 * stripped from the line handed out. An empty line is a line.
 *
 * <p>Not thread-safe: one thread at a time. A server that watches the socket from another thread while a command
 * blocks ({@link #fill(int)}, {@link #buffered()}) must hand the reader over with a happens-before edge (a join,
 * a future, a lock).
 *
 * <p>If the stream throws (for example {@link java.net.SocketTimeoutException}), nothing buffered is lost and the
 * partial line stays buffered: calling again continues where it stopped.
 */
public final class LineReader {
    /** The default initial buffer size: three full request lines with room for pipelined bytes. */
    public static final int DEFAULT_BUFFER_BYTES = 1024;

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final InputStream in;
    private final int initialCapacity;
    private byte[] buffer;
    /** Unconsumed bytes are {@code buffer[start, end)}. */
    private int start;
    private int end;
    /** Bytes in {@code [start, scanned)} are known not to be LF; saves rescanning after a partial read. */
    private int scanned;
    private boolean endOfStream;
    /** The last line: {@code buffer[lineStart, lineStart + lineLength)}, valid until the next read call. */
    private int lineStart;
    private int lineLength;

    /** A reader with the {@linkplain #DEFAULT_BUFFER_BYTES default} initial buffer. */
    public LineReader(InputStream in) {
        this(in, DEFAULT_BUFFER_BYTES);
    }

    /**
     * A reader whose buffer starts at {@code initialBufferBytes}; it grows for longer lines and returns to this size
     * once they are consumed.
     */
    public LineReader(InputStream in, int initialBufferBytes) {
        this.in = Objects.requireNonNull(in, "in");
        if (initialBufferBytes < 16) {
            throw new IllegalArgumentException("initial buffer must be at least 16 bytes: " + initialBufferBytes);
        }
        this.initialCapacity = initialBufferBytes;
        this.buffer = new byte[initialBufferBytes];
    }

    /*
     * Algorithm of read(cap): scan buffer[scanned, min(end, start + cap + 1)) for LF. A line of cap bytes has its LF
     * at index start + cap, so when cap + 1 bytes are buffered without an LF the line is too long. Otherwise, if the
     * stream ended, report the end; else make room (compact, then grow up to cap + 1 bytes) and read once more.
     * Invariants: (1) start <= scanned <= end <= buffer.length; (2) no LF in buffer[start, scanned).
     */

    /**
     * Reads the next line of at most {@code maxBytes} bytes (LF excluded, CR included), blocking in the stream's
     * {@code read} as needed.
     *
     * @return {@link LineStatus#LINE} with the line available through {@link #lineLength()} and friends until the
     *         next read call; {@link LineStatus#TOO_LONG} when {@code maxBytes + 1} bytes arrived without an LF
     *         (nothing consumed); {@link LineStatus#END_OF_INPUT} or {@link LineStatus#TRUNCATED} when the stream
     *         ended
     * @throws IOException from the stream; the reader stays consistent and the call may be repeated
     */
    public LineStatus read(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        shrinkIfGrown();
        lineLength = 0;
        while (true) {
            int limit = (int) Math.min(end, (long) start + maxBytes + 1);
            byte[] buf = buffer;
            for (int i = scanned; i < limit; i++) {
                if (buf[i] == LF) {
                    return takeLine(i);
                }
            }
            scanned = limit;
            if (limit - start > maxBytes) {
                return LineStatus.TOO_LONG;
            }
            if (endOfStream) {
                boolean partial = start < end;
                start = end;
                scanned = end;
                return partial ? LineStatus.TRUNCATED : LineStatus.END_OF_INPUT;
            }
            makeRoom(maxBytes + 1);
            readOnce();
        }
    }

    private LineStatus takeLine(int lfIndex) {
        int length = lfIndex - start;
        if (length > 0 && buffer[lfIndex - 1] == CR) {
            length--;
        }
        lineStart = start;
        lineLength = length;
        start = lfIndex + 1;
        scanned = start;
        return LineStatus.LINE;
    }

    /**
     * Discards input up to and including the next LF, typically after {@link LineStatus#TOO_LONG}. Each wait is one
     * {@code read} of the stream, so the caller's timeout applies throughout; the buffer does not grow.
     *
     * @return true if an LF was found and consumed; false if the stream ended first
     * @throws IOException from the stream; the call may be repeated
     */
    public boolean discardLine() throws IOException {
        shrinkIfGrown();
        lineLength = 0;
        while (true) {
            byte[] buf = buffer;
            for (int i = scanned; i < end; i++) {
                if (buf[i] == LF) {
                    start = i + 1;
                    scanned = start;
                    return true;
                }
            }
            start = end;
            scanned = end;
            if (endOfStream) {
                return false;
            }
            makeRoom(1);
            readOnce();
        }
    }

    /**
     * Waits until at least one byte is buffered, reading once at a time (a blocking read: apply the idle timeout
     * to the stream). Consumes nothing.
     *
     * @return true if a byte is buffered; false if the stream ended with nothing buffered
     */
    public boolean awaitInput() throws IOException {
        while (start == end) {
            if (endOfStream) {
                return false;
            }
            makeRoom(1);
            readOnce();
        }
        return true;
    }

    /**
     * Performs at most one {@code read} of the stream, appending to the buffer without letting it hold more than
     * {@code maxBuffered} unconsumed bytes. For a watcher that must notice EOF and count pipelined bytes while a
     * command blocks (PROTOCOL.md §10): {@code fill(MAX_PIPELINED_BYTES_WHILE_BLOCKED + 1)} and compare
     * {@link #buffered()}.
     *
     * @return the number of bytes read, 0 if {@code maxBuffered} bytes are already buffered (nothing read), or -1 if
     *         the stream has ended (now or before)
     */
    public int fill(int maxBuffered) throws IOException {
        if (endOfStream) {
            return -1;
        }
        if (end - start >= maxBuffered) {
            return 0;
        }
        makeRoom(maxBuffered);
        int room = Math.min(buffer.length - end, maxBuffered - (end - start));
        int n = in.read(buffer, end, room);
        if (n < 0) {
            endOfStream = true;
            return -1;
        }
        end += n;
        return n;
    }

    /** The number of bytes received and not yet consumed as lines. */
    public int buffered() {
        return end - start;
    }

    /** Whether the stream has reported its end (bytes may still be buffered). */
    public boolean isEndOfStream() {
        return endOfStream;
    }

    /** The length of the last line read, CR stripped; 0 after any other outcome or once the buffer moved. */
    public int lineLength() {
        return lineLength;
    }

    /** A copy of the last line read. */
    public byte[] lineBytes() {
        return Arrays.copyOfRange(buffer, lineStart, lineStart + lineLength);
    }

    /** The last line read, decoded with {@code charset} (malformed input replaced). */
    public String lineAsString(Charset charset) {
        return new String(buffer, lineStart, lineLength, charset);
    }

    /** The byte at {@code index} of the last line read. */
    public byte lineByteAt(int index) {
        Objects.checkIndex(index, lineLength);
        return buffer[lineStart + index];
    }

    /** The buffer holding the last line (valid until the next read call); package-private to avoid a copy. */
    byte[] lineBuffer() {
        return buffer;
    }

    int lineStart() {
        return lineStart;
    }

    private void readOnce() throws IOException {
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            endOfStream = true;
        } else {
            end += n;
        }
    }

    /**
     * Ensures there is room to read more: first moves unconsumed bytes to the front, then grows the buffer so that it
     * can hold {@code wanted} unconsumed bytes plus at least one more (doubling, within that bound).
     */
    private void makeRoom(int wanted) {
        if (end < buffer.length) {
            return;
        }
        // Bytes move: the last line handed out is no longer addressable.
        lineLength = 0;
        int unconsumed = end - start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, unconsumed);
            scanned -= start;
            end = unconsumed;
            start = 0;
            return;
        }
        int target = (int) Math.min(Math.max((long) wanted, unconsumed + 1L), Integer.MAX_VALUE - 8);
        int grown = (int) Math.min(Math.max(2L * buffer.length, 16), target);
        buffer = Arrays.copyOf(buffer, Math.max(grown, unconsumed + 1));
    }

    /** After a long line (or a burst) was consumed, returns to the initial buffer so idle connections stay small. */
    private void shrinkIfGrown() {
        int unconsumed = end - start;
        if (buffer.length > initialCapacity && unconsumed <= initialCapacity / 2) {
            byte[] small = new byte[initialCapacity];
            System.arraycopy(buffer, start, small, 0, unconsumed);
            scanned -= start;
            end = unconsumed;
            start = 0;
            buffer = small;
            lineLength = 0;
        }
    }
}
