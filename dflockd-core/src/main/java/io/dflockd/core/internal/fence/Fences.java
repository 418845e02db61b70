package io.dflockd.core.internal.fence;

import io.dflockd.core.FenceStateException;
import io.dflockd.core.LockManagerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the {@link FenceSource} a lock manager's config asks for (SERVER.md section 10). */
public final class Fences {
    private static final Logger LOG = LoggerFactory.getLogger(Fences.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The largest whole-second count whose nanoseconds fit an unsigned 64-bit value. */
    private static final long MAX_UNSIGNED_SECONDS = Long.divideUnsigned(-1L, NANOS_PER_SECOND);

    private Fences() {
    }

    /**
     * Without {@link LockManagerConfig#fenceStateFile()}: a clock-seeded source. With it: opens and locks the file,
     * reads the persisted ceiling, starts at {@code max(ceiling, wall clock)}, makes the first reservation durable
     * (syncing the parent directory of a new file) and starts the background reserver.
     *
     * @throws FenceStateException when the file cannot be opened, locked, read, validated or first written; nothing is
     *                             left open then
     */
    public static FenceSource open(LockManagerConfig config) throws FenceStateException {
        long now = unixNanos(config.wallClock());
        if (config.fenceStateFile().isEmpty()) {
            FenceSource source = new ClockSeededFenceSource(now);
            LOG.debug("{}", source.describe()); // the lock manager logs describe() at INFO once it has started
            return source;
        }
        return openDurable(config.fenceStateFile().get(), now);
    }

    private static FenceSource openDurable(Path path, long now) {
        FenceStateFile file = FenceStateFile.open(path);
        try {
            FenceJournal journal = FenceJournal.read(file);
            OptionalLong persisted = journal.persistedCeiling();
            // Step 3: the persisted ceiling wins over a clock that is behind it, so no value is reused (G1).
            long start = persisted.isPresent() && Long.compareUnsigned(persisted.getAsLong(), now) > 0
                    ? persisted.getAsLong()
                    : now;
            long ceiling = ReservingFenceSource.saturatingAdd(start, ReservingFenceSource.CHUNK);
            try {
                journal.reserve(ceiling);
            } catch (IOException e) {
                throw new FenceStateException("cannot write the first fence reservation to " + path + ": " + e, e);
            }
            if (file.created()) {
                try {
                    file.syncParentDirectory();
                } catch (IOException e) {
                    throw new FenceStateException("cannot sync the directory of the new fence state file " + path
                            + ": " + e, e);
                }
            }
            String description = "fence state file " + path + ": "
                    + (persisted.isPresent() ? "persisted ceiling " + Long.toUnsignedString(persisted.getAsLong())
                            : "new file")
                    + ", fences start after " + Long.toUnsignedString(start) + ", reserved through "
                    + Long.toUnsignedString(ceiling);
            LOG.debug("{}", description); // the lock manager logs describe() at INFO
            return new ReservingFenceSource(journal, start, ceiling, description);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * The clock's time in Unix nanoseconds as an unsigned value: 0 before 1970, 2^64-1 past the year 2554 (where it
     * no longer fits).
     */
    static long unixNanos(Clock clock) {
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        if (seconds < 0) {
            return 0;
        }
        if (seconds > MAX_UNSIGNED_SECONDS) {
            return -1L;
        }
        return ReservingFenceSource.saturatingAdd(seconds * NANOS_PER_SECOND, now.getNano());
    }
}
