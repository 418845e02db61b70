package io.dflockd.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Input streams with awkward delivery, for codec tests. */
final class TestStreams {
    private TestStreams() {
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] repeat(char c, int count) {
        byte[] out = new byte[count];
        Arrays.fill(out, (byte) c);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Delivers the data one byte per {@code read} call, counting the calls. */
    static final class OneByteAtATime extends InputStream {
        private final byte[] data;
        private int position;
        int reads;

        OneByteAtATime(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            reads++;
            return position < data.length ? data[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            if (len == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            b[off] = data[position++];
            return 1;
        }
    }

    /** Delivers the data in chunks of a given size, and throws a socket timeout once at a given offset. */
    static final class Chunked extends InputStream {
        private final ByteArrayInputStream data;
        private final int chunk;
        private int timeoutAt;
        private int delivered;

        Chunked(byte[] data, int chunk, int timeoutAt) {
            this.data = new ByteArrayInputStream(data);
            this.chunk = chunk;
            this.timeoutAt = timeoutAt;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the line reader must read in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (delivered == timeoutAt) {
                timeoutAt = -1;
                throw new SocketTimeoutException("test timeout");
            }
            int wanted = Math.min(len, chunk);
            if (timeoutAt > delivered) {
                wanted = Math.min(wanted, timeoutAt - delivered);
            }
            int n = data.read(b, off, wanted);
            if (n > 0) {
                delivered += n;
            }
            return n;
        }
    }
}
