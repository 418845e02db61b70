package io.dflockd.client;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's threads, shared by every instance in the JVM. All are daemon threads (or virtual threads on JDK 21+),
 * so the client never keeps the JVM alive.
 *
 * <ul>
 *   <li>{@link #SCHEDULER}: one platform thread that only times renewals and hands them to {@link #IO}; it never
 *       does I/O, so a stuck renewal of one holder never delays another's.</li>
 *   <li>{@link #IO}: runs every socket exchange a caller waits for interruptibly, every renewal, and every
 *       {@code onLeaseLost} callback. Virtual-thread-per-task on JDK 21+ (looked up reflectively, the build targets
 *       17), else a cached pool of daemon platform threads.</li>
 * </ul>
 */
final class ClientThreads {
    static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();
    static final ExecutorService IO = newIoExecutor();

    private ClientThreads() {
    }

    /** A new thread for one asynchronous call: virtual on JDK 21+, else a daemon platform thread. */
    static Thread startCallThread(String name, Runnable task) {
        Thread thread = PlatformOrVirtual.newThread(name, task);
        thread.start();
        return thread;
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(1, daemonFactory("dflockd-renewal-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    private static ExecutorService newIoExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            return Executors.newCachedThreadPool(daemonFactory("dflockd-client-io"));
        }
    }

    private static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Creates unstarted threads for asynchronous calls, virtual when the JDK has them (JDK 21+). */
    private static final class PlatformOrVirtual {
        private static final Method[] VIRTUAL = lookUpVirtualBuilder();
        private static final AtomicInteger SEQUENCE = new AtomicInteger();

        static Thread newThread(String name, Runnable task) {
            if (VIRTUAL.length == 3) {
                try {
                    Object builder = VIRTUAL[0].invoke(null);
                    builder = VIRTUAL[1].invoke(builder, name);
                    return (Thread) VIRTUAL[2].invoke(builder, task);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // fall through to a platform thread: virtual threads are an optimisation only
                }
            }
            Thread thread = new Thread(task, name + "-" + SEQUENCE.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }

        /** Thread.ofVirtual(), Thread.Builder.name(String), Thread.Builder.unstarted(Runnable); empty before 21. */
        private static Method[] lookUpVirtualBuilder() {
            try {
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                return new Method[] {
                    Thread.class.getMethod("ofVirtual"),
                    builder.getMethod("name", String.class),
                    builder.getMethod("unstarted", Runnable.class)
                };
            } catch (ClassNotFoundException | NoSuchMethodException e) {
                return new Method[0];
            }
        }
    }
}
