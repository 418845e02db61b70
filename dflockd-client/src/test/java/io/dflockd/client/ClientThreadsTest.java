package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client's threads never keep the JVM alive: daemon platform threads, or virtual threads on JDK 21+. */
class ClientThreadsTest {

    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        Method isVirtual = Thread.class.getMethod("isVirtual");
        return (Boolean) isVirtual.invoke(thread);
    }

    @Test
    void callThreadsAreVirtualOnNewJdksElseDaemon() throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();
        ClientThreads.startCallThread("probe", () -> seen.complete(Thread.currentThread()));
        Thread thread = seen.get(5, TimeUnit.SECONDS);
        boolean modern = Runtime.version().feature() >= 21;
        assertThat(isVirtual(thread)).isEqualTo(modern);
        assertThat(thread.isDaemon()).isTrue(); // virtual threads are always daemon threads
    }

    @Test
    void ioThreadsAreVirtualOnNewJdksElseDaemon() throws Exception {
        Thread thread = ClientThreads.IO.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertThat(isVirtual(thread)).isEqualTo(Runtime.version().feature() >= 21);
        assertThat(thread.isDaemon()).isTrue();
        Thread timer = ClientThreads.SCHEDULER.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        assertThat(timer.isDaemon()).isTrue();
    }
}
