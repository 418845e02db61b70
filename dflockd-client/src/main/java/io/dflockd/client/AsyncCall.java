package io.dflockd.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A blocking operation run on its own client thread, as a {@link CompletableFuture} whose {@code cancel(true)}
 * interrupts that thread, which cancels the operation as an interrupt would (CLIENT.md §4.5). The future completes
 * on that thread after the operation returned, so never while the holder's locks are held. A result that arrives
 * after cancellation is handed to {@code undo} (for example, a grant is released).
 *
 * <p>Each call has a thread of its own (virtual on JDK 21+), so a late interrupt can never hit unrelated work.
 */
final class AsyncCall<T> extends CompletableFuture<T> {
    /** The blocking operation. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws InterruptedException;
    }

    private final Body<T> body;
    private final Consumer<T> undo;
    private volatile Thread runner;

    private AsyncCall(Body<T> body, Consumer<T> undo) {
        this.body = body;
        this.undo = undo;
    }

    static <T> CompletableFuture<T> start(String name, Body<T> body, Consumer<T> undo) {
        AsyncCall<T> call = new AsyncCall<>(body, undo);
        ClientThreads.startCallThread(name, call::run);
        return call;
    }

    private void run() {
        runner = Thread.currentThread();
        if (isDone()) {
            return; // cancelled before the thread started
        }
        try {
            T value = body.run();
            if (!complete(value)) {
                undo.accept(value);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            completeExceptionally(e);
        }
    }

    /** Cancels; with {@code mayInterruptIfRunning}, interrupts the operation's thread (the operation then ends). */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Thread thread = runner;
        if (cancelled && mayInterruptIfRunning && thread != null) {
            thread.interrupt();
        }
        return cancelled;
    }
}
