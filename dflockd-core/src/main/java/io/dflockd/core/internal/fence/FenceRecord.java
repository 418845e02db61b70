package io.dflockd.core.internal.fence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * One 32-byte journal record of the fence state file (SERVER.md section 10.4): magic {@code dflfnc1\n}, the record
 * sequence number, the durably reserved ceiling and a CRC-64 of the first 24 bytes, all big-endian. Both numbers are
 * unsigned 64-bit values held in a {@code long}.
 *
 * @param seq     record sequence number, starting at 1; the record goes to slot {@code (seq - 1) mod 2}
 * @param ceiling highest fence value this record makes durable
 */
record FenceRecord(long seq, long ceiling) {
    /** Size of a record, and of a slot, in bytes. */
    static final int SIZE = 32;

    private static final byte[] MAGIC = "dflfnc1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CHECKED_LENGTH = 24;

    /** The slot this record belongs in: 0 or 1. */
    int slot() {
        return (int) ((seq - 1) & 1);
    }

    /** The 32 bytes written to disk. */
    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        buffer.put(MAGIC).putLong(seq).putLong(ceiling);
        buffer.putLong(Crc64.of(buffer.array(), 0, CHECKED_LENGTH));
        return buffer.array();
    }

    /**
     * The record stored in {@code data} at {@code offset} (32 bytes must be available), or empty when its magic or
     * checksum is wrong: a torn or corrupted slot is never trusted.
     */
    static Optional<FenceRecord> decode(byte[] data, int offset) {
        if (!Arrays.equals(data, offset, offset + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(data, offset, SIZE);
        buffer.position(offset + MAGIC.length);
        long seq = buffer.getLong();
        long ceiling = buffer.getLong();
        long checksum = buffer.getLong();
        if (checksum != Crc64.of(data, offset, CHECKED_LENGTH)) {
            return Optional.empty();
        }
        return Optional.of(new FenceRecord(seq, ceiling));
    }
}
