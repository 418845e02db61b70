package io.dflockd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** asJavaLock() used by code that only knows java.util.concurrent (CLIENT.md §12 d). */
@Timeout(30)
class JavaLockIT extends OneServerPerClass {
    private static DistributedLock lock(String key) {
        return DistributedLock.builder(key).servers(List.of(server.address())).build();
    }

    /** Plain j.u.c code: knows nothing about dflockd. */
    private static boolean runExclusively(Lock lock, Runnable work) throws InterruptedException {
        if (!lock.tryLock(1, TimeUnit.SECONDS)) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Test
    void tryLockWithTimeoutAndUnlockFromAnotherThread() throws Exception {
        try (DistributedLock a = lock("jl-basic"); DistributedLock b = lock("jl-basic")) {
            Lock first = a.asJavaLock();
            Lock second = b.asJavaLock();
            assertThat(first.tryLock(1, TimeUnit.SECONDS)).isTrue();
            assertThat(second.tryLock()).isFalse();
            assertThat(second.tryLock(500, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(second.tryLock(0, TimeUnit.SECONDS)).isFalse();
            ExecutorService other = Executors.newSingleThreadExecutor();
            other.submit(first::unlock).get(); // ownership is the token, not the thread
            other.shutdown();
            assertThat(a.isHeld()).isFalse();
            assertThat(runExclusively(second, () -> assertThat(b.isHeld()).isTrue())).isTrue();
            assertThat(second.tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS)).as("forever is clamped").isTrue();
            second.unlock();
            assertThat(server.holders("jl-basic")).isZero();
        }
    }

    @Test
    void lockBlocksUntilGrantedAndIsNotReentrant() throws Exception {
        try (DistributedLock a = lock("jl-block"); DistributedLock b = lock("jl-block")) {
            Lock first = a.asJavaLock();
            first.lock();
            assertThatThrownBy(first::lock).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(first::tryLock).isInstanceOf(IllegalStateException.class);
            assertThat(a.isHeld()).as("the held grant is not abandoned").isTrue();
            Thread waiter = new Thread(() -> b.asJavaLock().lock());
            waiter.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                    .until(() -> server.waiters("jl-block") == 1);
            first.unlock();
            waiter.join(3000);
            assertThat(b.isHeld()).isTrue();
            Lock second = b.asJavaLock();
            second.unlock();
            second.lockInterruptibly();
            assertThat(b.isHeld()).isTrue();
            assertThatThrownBy(second::newCondition).isInstanceOf(UnsupportedOperationException.class);
            second.unlock();
            second.unlock(); // idempotent, like release()
        }
    }
}
