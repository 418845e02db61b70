package io.dflockd.bench.load;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for the echo server's connections: virtual on JDK 21+ (looked up reflectively, the code targets 17), daemon
 * platform threads otherwise — the same choice the dflockd TCP server makes, so the baseline pays the same
 * threading cost. Any thread.
 */
final class ConnectionThreads {
    private final ThreadFactory factory;
    private final boolean virtual;

    private ConnectionThreads(ThreadFactory factory, boolean virtual) {
        this.factory = factory;
        this.virtual = virtual;
    }

    static ConnectionThreads detect() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle create = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
            MethodHandle toFactory = lookup.findVirtual(builder, "factory", MethodType.methodType(
                    ThreadFactory.class));
            return new ConnectionThreads((ThreadFactory) toFactory.invoke(create.invoke()), true);
        } catch (ReflectiveOperationException e) {
            return new ConnectionThreads(ConnectionThreads::platform, false);
        } catch (Throwable e) {
            throw new IllegalStateException("virtual thread lookup failed", e);
        }
    }

    boolean virtual() {
        return virtual;
    }

    Thread start(String name, Runnable task) {
        Thread thread = factory.newThread(task);
        thread.setName(name);
        thread.start();
        return thread;
    }

    private static Thread platform(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }
}
