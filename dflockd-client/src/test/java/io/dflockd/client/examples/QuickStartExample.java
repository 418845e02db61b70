package io.dflockd.client.examples;

import io.dflockd.client.ConnectionException;
import io.dflockd.client.DistributedLock;
import io.dflockd.client.DistributedSemaphore;
import io.dflockd.client.EnqueueStatus;
import io.dflockd.client.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The quick start's Go examples (steps 2, 4 and 5) in Java, using only the public API. Run it against a server:
 * {@code java ... io.dflockd.client.examples.QuickStartExample 127.0.0.1:6388}. The README shows the same code.
 */
public final class QuickStartExample {
    private QuickStartExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        run(args.length > 0 ? args[0] : "127.0.0.1:6388", System.out::println);
    }

    /** Runs the three steps against {@code server}, reporting what happened to {@code log}. */
    public static void run(String server, Consumer<String> log) throws InterruptedException {
        holdALock(server, log);
        twoPhase(server, log);
        semaphore(server, log);
    }

    /** Step 2: hold a lock; renewal runs in the background at about half the lease. */
    static void holdALock(String server, Consumer<String> log) throws InterruptedException {
        DistributedLock lock = DistributedLock.builder("deploy-job")
                .acquireTimeout(Duration.ofSeconds(10))
                .leaseTtl(Duration.ofSeconds(60))            // Duration.ZERO = server default
                .servers(List.of(server))
                .onLeaseLost(e -> log.accept("lost " + e.key() + ": " + e.cause()))
                .build();
        try (lock) {                                         // close() releases
            boolean got;
            try {
                got = lock.acquire();
            } catch (ConnectionException e) {
                log.accept("retryable network error: " + e.getMessage());
                return;
            }
            if (!got) {
                log.accept("timed out without acquiring");
                return;
            }
            log.accept("step 2: holding deploy-job, fence "
                    + Tokens.toUnsignedString(lock.fence().orElseThrow()) + ", lease " + lock.leaseSeconds() + " s");
            // ... critical section ...
        }
    }

    /** Step 4: two-phase enqueue + wait, to observe the queue before blocking. */
    static void twoPhase(String server, Consumer<String> log) throws InterruptedException {
        try (DistributedLock job = DistributedLock.builder("deploy-job").servers(List.of(server)).build()) {
            EnqueueStatus status = job.enqueue();            // ACQUIRED or QUEUED
            log.accept("step 4: enqueue returned " + status.wireName());
            if (status == EnqueueStatus.QUEUED) {
                log.accept("queued for deploy-job");         // e.g. publish a status update
                boolean got = job.await(Duration.ofSeconds(30));   // blocks until grant or timeout
                if (!got) {
                    log.accept("position lost; enqueue() again to retry");
                    return;
                }
            }
            log.accept("step 4: holding deploy-job: " + job.isHeld());
            // ... critical section ...
        }
    }

    /** Step 5: a semaphore of 5 concurrent holders. */
    static void semaphore(String server, Consumer<String> log) throws InterruptedException {
        try (DistributedSemaphore sem = DistributedSemaphore.builder("rate-limited-api", 5)   // 5 concurrent holders
                .servers(List.of(server))
                .build()) {
            if (sem.acquire()) {
                log.accept("step 5: holding a slot of rate-limited-api (limit " + sem.limit() + ")");
                // ... at most 5 holders run this at once ...
            }
        }
    }
}
