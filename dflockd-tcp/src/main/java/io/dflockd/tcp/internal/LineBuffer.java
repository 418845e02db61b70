package io.dflockd.tcp.internal;

import java.util.Arrays;

/**
 * One request line being read: its bytes without the LF, bounded by a cap. Bytes past the cap are counted but not
 * kept, so an over-long line costs no memory. Handler thread only.
 */
public final class LineBuffer {
    private byte[] bytes = new byte[64];
    private int length;
    private boolean tooLong;

    void clear() {
        length = 0;
        tooLong = false;
    }

    void append(byte[] source, int from, int count, int cap) {
        if (tooLong) {
            return;
        }
        if (length + count > cap) {
            tooLong = true;
            return;
        }
        if (bytes.length < length + count) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
        System.arraycopy(source, from, bytes, length, count);
        length += count;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** The line's bytes, LF excluded, CR (if any) still included. */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** The line's length in bytes. */
    public int length() {
        return length;
    }
}
