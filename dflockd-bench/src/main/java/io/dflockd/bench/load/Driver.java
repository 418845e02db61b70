package io.dflockd.bench.load;

import java.io.Closeable;
import java.io.IOException;

/**
 * One worker's connection (or session) and its operation. Not thread-safe: one worker thread uses it, then closes it.
 */
interface Driver extends Closeable {

    /** How one operation ended. */
    enum Outcome {
        /** Acquired and released. */
        OK,
        /** The acquire timed out (a normal outcome on a contended key, but counted). */
        TIMEOUT,
        /** The server answered an error to the acquire or the release. */
        ERROR,
        /** The grant broke mutual exclusion (the ledger counted it). */
        VIOLATION
    }

    /**
     * Performs one operation on key number {@code key}: acquire, then release (or, for the echo baseline, two
     * request/reply exchanges of the same shape).
     *
     * @throws IOException when the connection fails or the reply is malformed; the worker reconnects
     */
    Outcome operate(int key) throws IOException;

    /** Creates one driver per worker. */
    @FunctionalInterface
    interface Factory {
        /** Opens a driver (connects, authenticates, creates a session) for worker {@code worker}. */
        Driver open(int worker) throws IOException;
    }
}
