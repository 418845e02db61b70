package io.dflockd.tcp.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the per-connection threads: virtual threads when the running JDK has them (21+), looked up reflectively
 * because the code is compiled for 17; platform daemon threads with a small stack otherwise.
 *
 * <p>Any thread. A connection uses one thread, two while a command blocks (its watcher): cheap when virtual, and
 * workable with 256 KiB stacks when platform threads must do.
 */
public final class ConnectionThreads {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionThreads.class);
    private static final long PLATFORM_STACK_BYTES = 256 * 1024;

    private final ThreadFactory virtualFactory;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadGroup group = Thread.currentThread().getThreadGroup();

    private ConnectionThreads(ThreadFactory virtualFactory) {
        this.virtualFactory = virtualFactory;
    }

    /** Virtual threads if the JDK offers them, platform daemon threads otherwise. */
    public static ConnectionThreads detect() {
        ThreadFactory factory = lookUpVirtualThreadFactory();
        LOG.debug("connection threads are {}", factory != null ? "virtual" : "platform");
        return new ConnectionThreads(factory);
    }

    /** Whether threads started here are virtual. */
    public boolean virtual() {
        return virtualFactory != null;
    }

    /** Starts {@code task} on a new thread named {@code name}. */
    public Thread start(String name, Runnable task) {
        Thread thread;
        if (virtualFactory != null) {
            thread = virtualFactory.newThread(task);
            thread.setName(name);
        } else {
            thread = new Thread(group, task, name + "-" + sequence.incrementAndGet(), PLATFORM_STACK_BYTES);
            thread.setDaemon(true);
        }
        thread.start();
        return thread;
    }

    private static ThreadFactory lookUpVirtualThreadFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Class<?> virtualBuilderClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(
                    virtualBuilderClass));
            MethodHandle factory = lookup.findVirtual(builderClass, "factory", MethodType.methodType(
                    ThreadFactory.class));
            Object builder = ofVirtual.invoke();
            return (ThreadFactory) factory.invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (Throwable e) {
            LOG.warn("virtual threads unavailable, using platform threads", e);
            return null;
        }
    }
}
