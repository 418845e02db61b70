package io.dflockd.bench.load;

import java.util.concurrent.locks.LockSupport;

/** The simulated critical section between a grant and its release ({@code --hold}). */
final class Hold {
    private Hold() {
    }

    /** Parks the calling worker for {@code nanos} (0: returns at once). */
    static void park(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
