package io.dflockd.core.internal;

import io.dflockd.core.internal.fence.FenceSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A fence source for engine tests: a counter that can be made to fail, and a reservation callback fired by hand. */
final class ScriptedFenceSource implements FenceSource {
    private final AtomicLong counter = new AtomicLong(1000);
    private final AtomicBoolean exhausted = new AtomicBoolean();
    private volatile Runnable listener = () -> { };
    volatile boolean closed;

    @Override
    public long next() {
        return exhausted.get() ? EXHAUSTED : counter.incrementAndGet();
    }

    @Override
    public void onReservation(Runnable action) {
        listener = action;
    }

    @Override
    public String describe() {
        return "scripted test fences";
    }

    @Override
    public void close() {
        closed = true;
    }

    void exhaust() {
        exhausted.set(true);
    }

    /** Minting works again, and the reserver announces a new reservation (as after a successful write). */
    void reserve() {
        exhausted.set(false);
        listener.run();
    }

    /** Minting works again, without announcing it. */
    void restoreSilently() {
        exhausted.set(false);
    }

    long last() {
        return counter.get();
    }
}
