package io.dflockd.core.internal;

import static org.awaitility.Awaitility.await;

import io.dflockd.core.LockManager;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a blocking engine call on its own thread, and waits (without sleeping) until the engine shows it queued. */
final class Background {
    private Background() {
    }

    static <T> CompletableFuture<T> call(Callable<T> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(call.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "test-caller");
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    /** Waits until {@code key} has exactly {@code waiters} queued waiters. */
    static void awaitWaiters(LockManager manager, ResourceKey key, int waiters) {
        await().atMost(Duration.ofSeconds(2)).pollInterval(1, TimeUnit.MILLISECONDS)
                .until(() -> manager.view(key).map(ResourceView::waiters).orElse(0) == waiters);
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(2, TimeUnit.SECONDS);
    }
}
