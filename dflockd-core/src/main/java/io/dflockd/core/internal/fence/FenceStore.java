package io.dflockd.core.internal.fence;

import java.io.IOException;

/**
 * Durable storage of the fence ceiling. Called by one thread at a time (start-up, then the reserver), never by a
 * drainer.
 */
interface FenceStore extends AutoCloseable {
    /**
     * Makes {@code ceiling} (unsigned) durable: when this returns, the value has been written and synced. On an
     * exception the previously durable ceiling is still intact and the write may be retried.
     */
    void reserve(long ceiling) throws IOException;

    /** Releases the storage (and its lock). Idempotent. */
    @Override
    void close();
}
