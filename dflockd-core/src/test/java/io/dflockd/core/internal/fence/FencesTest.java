package io.dflockd.core.internal.fence;

import static io.dflockd.core.internal.fence.FenceSource.EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dflockd.core.FenceStateException;
import io.dflockd.core.LockManagerConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fence state file through {@link Fences#open}: SERVER.md section 10 and SEMANTICS.md checklist X-3. */
class FencesTest {
    private static final long CHUNK = 1L << 20;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("fences.state");
    }

    static LockManagerConfig config(Optional<Path> file, Instant wallClock) {
        LockManagerConfig.Builder builder = LockManagerConfig.builder()
                .wallClock(Clock.fixed(wallClock, ZoneOffset.UTC));
        file.ifPresent(builder::fenceStateFile);
        return builder.build();
    }

    private FenceSource open(Instant wallClock) {
        return Fences.open(config(Optional.of(file()), wallClock));
    }

    private long firstFenceOfARun(Instant wallClock) {
        try (FenceSource source = open(wallClock)) {
            return source.next();
        }
    }

    private static byte[] journal(FenceRecord slot0, FenceRecord slot1) {
        byte[] bytes = new byte[64];
        System.arraycopy(slot0.encode(), 0, bytes, 0, 32);
        System.arraycopy(slot1.encode(), 0, bytes, 32, 32);
        return bytes;
    }

    private Optional<FenceRecord> slot(int index) throws IOException {
        byte[] bytes = Files.readAllBytes(file());
        return bytes.length >= (index + 1) * 32 ? FenceRecord.decode(bytes, index * 32) : Optional.empty();
    }

    @Test
    void freshFileStartsAfterTheClockAndMakesTheFirstReservationDurable() throws IOException {
        try (FenceSource source = open(NOW)) {
            assertThat(source.next()).isEqualTo(NOW_NANOS + 1);
            assertThat(source.next()).isEqualTo(NOW_NANOS + 2);
            assertThat(source.describe()).contains(file().toString()).contains("new file");
        }

        assertThat(Files.size(file())).isEqualTo(32);
        assertThat(slot(0)).contains(new FenceRecord(1, NOW_NANOS + CHUNK));
    }

    @Test
    void fencesStayMonotonicAcrossRestartsWhenTheClockIsSetBack() throws IOException {
        long lastOfFirstRun;
        try (FenceSource source = open(NOW)) {
            long fence = 0;
            for (int i = 0; i < 1000; i++) {
                fence = source.next();
            }
            lastOfFirstRun = fence;
        }

        long firstOfSecondRun = firstFenceOfARun(NOW.minus(Duration.ofHours(1)));
        long firstOfThirdRun = firstFenceOfARun(NOW.minus(Duration.ofDays(365)));

        assertThat(firstOfSecondRun).isGreaterThan(lastOfFirstRun).isEqualTo(NOW_NANOS + CHUNK + 1);
        assertThat(firstOfThirdRun).isGreaterThan(firstOfSecondRun).isEqualTo(NOW_NANOS + 2 * CHUNK + 1);
        assertThat(Files.size(file())).isEqualTo(64);
        assertThat(slot(0)).contains(new FenceRecord(3, NOW_NANOS + 3 * CHUNK));
        assertThat(slot(1)).contains(new FenceRecord(2, NOW_NANOS + 2 * CHUNK));
    }

    @Test
    void aClockAheadOfThePersistedCeilingIsUsed() {
        firstFenceOfARun(NOW);
        Instant later = NOW.plus(Duration.ofHours(1));

        assertThat(firstFenceOfARun(later)).isEqualTo(later.getEpochSecond() * 1_000_000_000L + 1);
    }

    @Test
    void legacyEightByteFileIsMigratedToTheJournal() throws IOException {
        long legacyCeiling = NOW_NANOS + 5_000_000_000L;
        Files.write(file(), ByteBuffer.allocate(8).putLong(legacyCeiling).array());

        assertThat(firstFenceOfARun(NOW)).isEqualTo(legacyCeiling + 1);
        assertThat(Files.size(file())).isEqualTo(32);
        assertThat(slot(0)).contains(new FenceRecord(1, legacyCeiling + CHUNK));
        assertThat(firstFenceOfARun(NOW)).isEqualTo(legacyCeiling + CHUNK + 1);
    }

    @Test
    void legacyCeilingBehindTheClockStartsFromTheClock() throws IOException {
        Files.write(file(), ByteBuffer.allocate(8).putLong(12345).array());

        assertThat(firstFenceOfARun(NOW)).isEqualTo(NOW_NANOS + 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 47, 63})
    void fileWithATornSecondSlotIsReadFromSlotZero(int size) throws IOException {
        long ceiling = NOW_NANOS + 7_000_000L;
        byte[] bytes = Arrays.copyOf(new FenceRecord(1, ceiling).encode(), size);
        byte[] newerButTorn = new FenceRecord(2, ceiling + CHUNK).encode();
        System.arraycopy(newerButTorn, 0, bytes, 32, size - 32);
        Files.write(file(), bytes);

        assertThat(firstFenceOfARun(NOW)).isEqualTo(ceiling + 1);
        assertThat(Files.size(file())).isEqualTo(64);
        assertThat(slot(1)).contains(new FenceRecord(2, ceiling + CHUNK));
        assertThat(slot(0)).contains(new FenceRecord(1, ceiling));
    }

    @Test
    void newestValidSlotWinsWhereverItIs() throws IOException {
        long older = NOW_NANOS + 1_000;
        long newer = NOW_NANOS + 9_000;
        Files.write(file(), journal(new FenceRecord(3, newer), new FenceRecord(2, older)));

        assertThat(firstFenceOfARun(NOW)).isEqualTo(newer + 1);
        assertThat(slot(1)).contains(new FenceRecord(4, newer + CHUNK));
        assertThat(slot(0)).contains(new FenceRecord(3, newer));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aCorruptSlotFallsBackToTheOther(int corruptSlot) throws IOException {
        long ceilingInSlot0 = NOW_NANOS + 1_000;
        long ceilingInSlot1 = NOW_NANOS + 2_000;
        byte[] bytes = journal(new FenceRecord(1, ceilingInSlot0), new FenceRecord(2, ceilingInSlot1));
        bytes[corruptSlot * 32 + 20] ^= 0x01;
        Files.write(file(), bytes);
        long survivor = corruptSlot == 0 ? ceilingInSlot1 : ceilingInSlot0;
        long survivorSeq = corruptSlot == 0 ? 2 : 1;

        assertThat(firstFenceOfARun(NOW)).isEqualTo(survivor + 1);
        // The new record goes to the corrupt slot's position; the survivor is untouched.
        assertThat(slot(corruptSlot)).contains(new FenceRecord(survivorSeq + 1, survivor + CHUNK));
        assertThat(slot(1 - corruptSlot)).contains(new FenceRecord(survivorSeq, survivor));
    }

    @Test
    void aRecordInAnUnexpectedSlotIsNeverOverwrittenByTheNextRecord() throws IOException {
        long ceiling = NOW_NANOS + 3_000;
        byte[] bytes = journal(new FenceRecord(2, ceiling), new FenceRecord(1, NOW_NANOS));
        bytes[32 + 3] ^= 0x08;
        Files.write(file(), bytes);

        assertThat(firstFenceOfARun(NOW)).isEqualTo(ceiling + 1);
        assertThat(slot(0)).contains(new FenceRecord(2, ceiling));
        assertThat(slot(1)).contains(new FenceRecord(4, ceiling + CHUNK));
        assertThat(firstFenceOfARun(NOW)).isEqualTo(ceiling + CHUNK + 1);
        assertThat(slot(0)).contains(new FenceRecord(5, ceiling + 2 * CHUNK));
    }

    @Test
    void aSlotWithBadMagicIsNotTrusted() throws IOException {
        byte[] bytes = journal(new FenceRecord(5, NOW_NANOS + 10_000), new FenceRecord(4, NOW_NANOS + 1_000));
        bytes[0] = 'X';
        Files.write(file(), bytes);

        assertThat(firstFenceOfARun(NOW)).isEqualTo(NOW_NANOS + 1_001);
    }

    @Test
    void bothSlotsCorruptIsAStartupErrorAndTheFileIsLeftAlone() throws IOException {
        byte[] bytes = journal(new FenceRecord(1, NOW_NANOS), new FenceRecord(2, NOW_NANOS + CHUNK));
        bytes[25] ^= 0x40;
        bytes[32 + 9] ^= 0x02;
        Files.write(file(), bytes);

        assertThatThrownBy(() -> open(NOW))
                .isInstanceOf(FenceStateException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("corrupt");
        assertThat(Files.readAllBytes(file())).isEqualTo(bytes);
    }

    @Test
    void aSingleSlotFileWhoseSlotIsCorruptIsAStartupError() throws IOException {
        byte[] bytes = new FenceRecord(1, NOW_NANOS).encode();
        bytes[31] ^= 0x10;
        Files.write(file(), bytes);

        assertThatThrownBy(() -> open(NOW))
                .isInstanceOf(FenceStateException.class)
                .hasMessageContaining(file().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 9, 16, 31, 65, 96, 4096})
    void aFileOfAnyOtherSizeIsAStartupError(int size) throws IOException {
        Files.write(file(), new byte[size]);

        assertThatThrownBy(() -> open(NOW))
                .isInstanceOf(FenceStateException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("size of " + size);
    }

    @Test
    void aFailedStartupReleasesTheFile() throws IOException {
        Files.write(file(), new byte[5]);
        assertThatThrownBy(() -> open(NOW)).isInstanceOf(FenceStateException.class);
        Files.write(file(), new byte[0]);

        assertThat(firstFenceOfARun(NOW)).isEqualTo(NOW_NANOS + 1);
    }

    @Test
    void aSecondSourceOnTheSameFileInThisJvmIsRefusedAndTheFirstKeepsWorking() {
        try (FenceSource first = open(NOW)) {
            assertThatThrownBy(() -> open(NOW))
                    .isInstanceOf(FenceStateException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("locked");
            assertThat(first.next()).isEqualTo(NOW_NANOS + 1);
        }

        assertThat(firstFenceOfARun(NOW)).isEqualTo(NOW_NANOS + CHUNK + 1);
    }

    @Test
    void aLockHeldByAnotherChannelInThisJvmCountsAsLocked() throws IOException {
        Files.write(file(), new byte[0]);
        try (FileChannel other = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock held = other.lock()) {
            assertThat(held.isValid()).isTrue();

            assertThatThrownBy(() -> open(NOW))
                    .isInstanceOf(FenceStateException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("locked");
        }
    }

    @Test
    void aNewFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
        assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"), "POSIX permissions");

        firstFenceOfARun(NOW);

        assertThat(Files.getPosixFilePermissions(file()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aMissingDirectoryIsAStartupError() {
        Path missing = directory.resolve("no-such-directory").resolve("fences.state");

        assertThatThrownBy(() -> Fences.open(config(Optional.of(missing), NOW)))
                .isInstanceOf(FenceStateException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aPersistedCeilingAtTheLargestValueStartsButHandsOutNothing() throws IOException {
        Files.write(file(), ByteBuffer.allocate(8).putLong(-1L).array());

        try (FenceSource source = open(NOW)) {
            assertThat(source.next()).isEqualTo(EXHAUSTED);
            assertThat(source.next()).isEqualTo(EXHAUSTED);
        }
        assertThat(slot(0)).contains(new FenceRecord(1, -1L));
    }

    @Test
    void theReserverThreadWritesTheNextReservationBeforeTheChunkRunsOut() throws Exception {
        CountDownLatch reserved = new CountDownLatch(1);
        AtomicReference<String> reserverThread = new AtomicReference<>();
        long taken = (1L << 19) + 1;
        try (FenceSource source = open(NOW)) {
            source.onReservation(() -> {
                reserverThread.set(Thread.currentThread().getName());
                reserved.countDown();
            });
            long fence = 0;
            for (long i = 0; i < taken; i++) {
                fence = source.next();
            }
            assertThat(fence).isEqualTo(NOW_NANOS + taken);

            assertThat(reserved.await(5, TimeUnit.SECONDS)).as("reservation written").isTrue();
            assertThat(reserverThread.get()).isEqualTo(DaemonReserverScheduler.THREAD_NAME);
            assertThat(source.next()).isEqualTo(NOW_NANOS + taken + 1);
        }

        FenceRecord second = slot(1).orElseThrow();
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.ceiling()).isBetween(NOW_NANOS + taken + CHUNK, NOW_NANOS + taken + 1 + CHUNK);
    }
}
