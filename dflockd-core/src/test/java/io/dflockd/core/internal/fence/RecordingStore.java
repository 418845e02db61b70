package io.dflockd.core.internal.fence;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory {@link FenceStore} that records each durable ceiling and can be told to fail its writes. */
final class RecordingStore implements FenceStore {
    private final List<Long> durable = new CopyOnWriteArrayList<>();
    private volatile boolean failing;
    private volatile int failedWrites;
    private volatile boolean closed;

    @Override
    public void reserve(long ceiling) throws IOException {
        if (closed) {
            throw new IOException("store closed");
        }
        if (failing) {
            failedWrites++;
            throw new IOException("injected write failure");
        }
        durable.add(ceiling);
    }

    void failWrites(boolean fail) {
        this.failing = fail;
    }

    List<Long> durableCeilings() {
        return List.copyOf(durable);
    }

    long lastDurableCeiling() {
        return durable.isEmpty() ? 0 : durable.get(durable.size() - 1);
    }

    int failedWrites() {
        return failedWrites;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
