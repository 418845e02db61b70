package io.dflockd.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the futures of asynchronous calls are completed, so that their dependent stages never run inside a drain loop
 * (ENGINE.md): one new virtual thread per completion when the JDK has them (21+; looked up reflectively, the code is
 * compiled for 17), else a small pool of daemon platform threads. Threads are named {@code dflockd-async-N}.
 *
 * <p>A pending asynchronous call holds no thread: a thread is used only while its outcome is being delivered and its
 * dependent stages run. On platform threads, a dependent stage that blocks holds one of the few pool threads, so
 * blocking work belongs in the {@code ...Async} stage variants with an executor of the caller's own.
 *
 * <p>Any thread may {@link #execute}; it never blocks and never runs the task inline. After {@link #close()},
 * completions still arriving (grants the engine must give back) run on the common pool.
 */
final class Completions implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);
    private static final String NAME = "dflockd-async-";

    private final ThreadFactory virtualThreads;
    private final ThreadPoolExecutor platformThreads;

    Completions() {
        this.virtualThreads = lookUpVirtualThreads();
        if (virtualThreads != null) {
            platformThreads = null;
        } else {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            AtomicInteger sequence = new AtomicInteger();
            platformThreads = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    task -> {
                        Thread thread = new Thread(task, NAME + sequence.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            platformThreads.allowCoreThreadTimeOut(true);
        }
        LOG.debug("asynchronous calls complete on {} threads", virtualThreads != null ? "virtual" : "platform");
    }

    @Override
    public void execute(Runnable completion) {
        if (virtualThreads != null) {
            virtualThreads.newThread(completion).start();
            return;
        }
        try {
            platformThreads.execute(completion);
        } catch (RejectedExecutionException closed) {
            ForkJoinPool.commonPool().execute(completion);
        }
    }

    /** Lets queued completions finish; later ones run on the common pool. Idempotent. */
    @Override
    public void close() {
        if (platformThreads != null) {
            platformThreads.shutdown();
        }
    }

    /** {@code Thread.ofVirtual().name("dflockd-async-", 1).factory()}, or null before JDK 21. */
    private static ThreadFactory lookUpVirtualThreads() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> virtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(virtualBuilder));
            MethodHandle name = lookup.findVirtual(builder, "name",
                    MethodType.methodType(builder, String.class, long.class));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            Object named = name.invoke(ofVirtual.invoke(), NAME, 1L);
            return (ThreadFactory) factory.invoke(named);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (Throwable e) {
            LOG.warn("virtual threads unavailable; asynchronous calls complete on platform threads", e);
            return null;
        }
    }
}
