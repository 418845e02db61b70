package io.dflockd.core;

/**
 * The monotonic clock every engine deadline comes from. Production uses {@link #system()}; tests use
 * {@link ManualNanoClock}. Values are only meaningful as differences.
 */
@FunctionalInterface
public interface NanoClock {
    /** The current monotonic time in nanoseconds. Any thread. */
    long nanoTime();

    /** {@link System#nanoTime()}. */
    static NanoClock system() {
        return System::nanoTime;
    }
}
