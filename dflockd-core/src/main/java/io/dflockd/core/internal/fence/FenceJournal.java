package io.dflockd.core.internal.fence;

import io.dflockd.core.FenceStateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The two-slot, checksummed journal of SERVER.md section 10.4 on top of a locked {@link FenceStateFile}.
 *
 * <p>Reading accepts exactly the sizes of the recommended layout: 0 (new), 8 (legacy raw big-endian ceiling), 32 (one
 * slot), 33 to 63 (second slot torn while first written: read slot 0 only) and 64 (two slots). Among the valid slots
 * the highest {@code seq} wins (unsigned; on a tie the higher ceiling). Anything else, or no valid slot, is a start-up
 * error: the server never silently falls back to the clock (G7).
 *
 * <p>Writing: the next record always goes to the slot that does <em>not</em> hold the newest valid record, so a torn
 * write can only damage an older record (G4, G6). Its {@code seq} is the newest {@code seq + 1}, or {@code + 2} when
 * that is needed to keep {@code slot = (seq - 1) mod 2} true for a file whose records sit in unexpected slots. The
 * sequence advances only after a successful sync, so a failed write is retried with the same record and slot.
 *
 * <p>Thread-safety: used by one thread at a time (start-up, then the reserver thread); the executor hand-off orders
 * those uses.
 */
final class FenceJournal implements FenceStore {
    private static final int LEGACY_SIZE = 8;
    private static final int JOURNAL_SIZE = 2 * FenceRecord.SIZE;

    private final FenceStateFile file;
    private final OptionalLong persistedCeiling;
    /** Sequence number of the newest durable record; 0 before the first one. Reserver (or start-up) only. */
    private long newestSeq;
    /** Slot of the newest durable record, or -1 when there is none. Reserver (or start-up) only. */
    private int newestSlot;

    private FenceJournal(FenceStateFile file, OptionalLong persistedCeiling, long newestSeq, int newestSlot) {
        this.file = file;
        this.persistedCeiling = persistedCeiling;
        this.newestSeq = newestSeq;
        this.newestSlot = newestSlot;
    }

    /** The newest seq from which the next record (seq + 1, or + 2 to keep its slot) still sorts as newer. */
    private static final long LAST_USABLE_SEQ = -3L; // 2^64 - 3, unsigned

    /**
     * Reads and validates the file's content.
     *
     * @throws FenceStateException when the size is not one of the layout's, or no slot holds a valid record
     */
    static FenceJournal read(FenceStateFile file) {
        byte[] content = file.readAll(JOURNAL_SIZE);
        int size = content.length;
        if (size == 0) {
            return new FenceJournal(file, OptionalLong.empty(), 0, -1);
        }
        if (size == LEGACY_SIZE) {
            return new FenceJournal(file, OptionalLong.of(ByteBuffer.wrap(content).getLong()), 0, -1);
        }
        if (size < FenceRecord.SIZE) {
            throw new FenceStateException("fence state file " + file.path() + " has an invalid size of " + size
                    + " bytes (expected 0, 8, 32 to 64)");
        }
        Optional<FenceRecord> first = FenceRecord.decode(content, 0);
        Optional<FenceRecord> second = size == JOURNAL_SIZE
                ? FenceRecord.decode(content, FenceRecord.SIZE)
                : Optional.empty();
        int newest;
        if (first.isPresent() && second.isPresent()) {
            newest = isNewer(second.get(), first.get()) ? 1 : 0;
        } else if (first.isPresent()) {
            newest = 0;
        } else if (second.isPresent()) {
            newest = 1;
        } else {
            throw new FenceStateException("fence state file " + file.path() + " is corrupt: no slot holds a valid"
                    + " record (size " + size + " bytes); refusing to start, fences could go backwards");
        }
        FenceRecord record = (newest == 0 ? first : second).orElseThrow();
        if (Long.compareUnsigned(record.seq(), LAST_USABLE_SEQ) > 0) {
            // The next record's seq would wrap to 0 or 1 and lose to this one at the next start-up, which would
            // then hand out fences again: only a crafted file gets here (2^64 writes), so refuse it.
            throw new FenceStateException("fence state file " + file.path() + " has used up its record sequence"
                    + " (seq " + Long.toUnsignedString(record.seq()) + "); refusing to start, fences could repeat");
        }
        return new FenceJournal(file, OptionalLong.of(record.ceiling()), record.seq(), newest);
    }

    private static boolean isNewer(FenceRecord candidate, FenceRecord other) {
        int bySeq = Long.compareUnsigned(candidate.seq(), other.seq());
        return bySeq > 0 || (bySeq == 0 && Long.compareUnsigned(candidate.ceiling(), other.ceiling()) > 0);
    }

    /** The ceiling read at start-up (unsigned), or empty for a new file. */
    OptionalLong persistedCeiling() {
        return persistedCeiling;
    }

    /** The file underneath. */
    FenceStateFile file() {
        return file;
    }

    @Override
    public void reserve(long ceiling) throws IOException {
        FenceRecord record = nextRecord(ceiling);
        file.writeDurably(record.encode(), (long) record.slot() * FenceRecord.SIZE);
        newestSeq = record.seq();
        newestSlot = record.slot();
    }

    private FenceRecord nextRecord(long ceiling) {
        long seq = newestSeq + 1;
        if (newestSlot >= 0 && new FenceRecord(seq, ceiling).slot() == newestSlot) {
            seq++;
        }
        return new FenceRecord(seq, ceiling);
    }

    @Override
    public void close() {
        file.close();
    }
}
