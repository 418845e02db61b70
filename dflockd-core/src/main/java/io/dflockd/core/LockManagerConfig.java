package io.dflockd.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable settings of a {@link LockManager}. Build with {@link #builder()}; {@link Builder#build()} rejects an
 * invalid value with an {@link IllegalArgumentException} naming the field.
 *
 * @param defaultLeaseTtl          lease for requests that name none (whole seconds, &gt; 0; default 33 s)
 * @param leaseSweepInterval       period of the expired-lease sweep (&gt; 0; default 1 s)
 * @param gcInterval               period of idle-key collection (&gt; 0; default 5 s)
 * @param gcMaxIdle                idle time after which an empty key is collected (&ge; 0; 0 = next pass; default 60 s)
 * @param maxLocks                 most resources at once, idle ones included (&gt; 0; default 1024)
 * @param maxWaiters               most queued waiters per key (&ge; 0; 0 = unlimited; the default)
 * @param autoReleaseOnSessionEnd  whether closing a session releases what it holds (default true)
 * @param fenceStateFile           where fence reservations are made durable; empty = seed fences from the wall clock
 * @param nanoClock                the monotonic clock of every deadline
 * @param wallClock                the wall clock, used only to seed fences
 */
public record LockManagerConfig(
        Duration defaultLeaseTtl,
        Duration leaseSweepInterval,
        Duration gcInterval,
        Duration gcMaxIdle,
        int maxLocks,
        int maxWaiters,
        boolean autoReleaseOnSessionEnd,
        Optional<Path> fenceStateFile,
        NanoClock nanoClock,
        Clock wallClock) {

    /** The largest number of whole seconds whose nanosecond count fits a signed 64-bit integer. */
    public static final long MAX_SECONDS = 9_223_372_036L;

    public LockManagerConfig {
        requirePositiveWholeSeconds("defaultLeaseTtl", defaultLeaseTtl);
        requirePositive("leaseSweepInterval", leaseSweepInterval);
        requirePositive("gcInterval", gcInterval);
        Objects.requireNonNull(gcMaxIdle, "gcMaxIdle");
        if (gcMaxIdle.isNegative()) {
            throw new IllegalArgumentException("gcMaxIdle must be >= 0, was " + gcMaxIdle);
        }
        if (maxLocks <= 0) {
            throw new IllegalArgumentException("maxLocks must be > 0, was " + maxLocks);
        }
        if (maxWaiters < 0) {
            throw new IllegalArgumentException("maxWaiters must be >= 0, was " + maxWaiters);
        }
        Objects.requireNonNull(fenceStateFile, "fenceStateFile");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(wallClock, "wallClock");
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        if (value.getSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException(field + " too large, was " + value);
        }
    }

    private static void requirePositiveWholeSeconds(String field, Duration value) {
        requirePositive(field, value);
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(field + " must be whole seconds, was " + value);
        }
    }

    /** The defaults of the reference server. */
    public static LockManagerConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Duration defaultLeaseTtl = Duration.ofSeconds(33);
        private Duration leaseSweepInterval = Duration.ofSeconds(1);
        private Duration gcInterval = Duration.ofSeconds(5);
        private Duration gcMaxIdle = Duration.ofSeconds(60);
        private int maxLocks = 1024;
        private int maxWaiters = 0;
        private boolean autoReleaseOnSessionEnd = true;
        private Path fenceStateFile;
        private NanoClock nanoClock = NanoClock.system();
        private Clock wallClock = Clock.systemUTC();

        private Builder() {
        }

        public Builder defaultLeaseTtl(Duration value) {
            this.defaultLeaseTtl = value;
            return this;
        }

        public Builder leaseSweepInterval(Duration value) {
            this.leaseSweepInterval = value;
            return this;
        }

        public Builder gcInterval(Duration value) {
            this.gcInterval = value;
            return this;
        }

        public Builder gcMaxIdle(Duration value) {
            this.gcMaxIdle = value;
            return this;
        }

        public Builder maxLocks(int value) {
            this.maxLocks = value;
            return this;
        }

        /** 0 = unlimited. */
        public Builder maxWaiters(int value) {
            this.maxWaiters = value;
            return this;
        }

        public Builder autoReleaseOnSessionEnd(boolean value) {
            this.autoReleaseOnSessionEnd = value;
            return this;
        }

        public Builder fenceStateFile(Path value) {
            this.fenceStateFile = Objects.requireNonNull(value, "fenceStateFile");
            return this;
        }

        public Builder nanoClock(NanoClock value) {
            this.nanoClock = value;
            return this;
        }

        public Builder wallClock(Clock value) {
            this.wallClock = value;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} naming the first invalid field. */
        public LockManagerConfig build() {
            return new LockManagerConfig(defaultLeaseTtl, leaseSweepInterval, gcInterval, gcMaxIdle, maxLocks,
                    maxWaiters, autoReleaseOnSessionEnd, Optional.ofNullable(fenceStateFile), nanoClock, wallClock);
        }
    }
}
