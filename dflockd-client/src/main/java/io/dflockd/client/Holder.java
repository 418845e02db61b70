package io.dflockd.client;

import io.dflockd.protocol.Request;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@link DistributedLock} and {@link DistributedSemaphore}: one holder of one key, one
 * connection ({@link Tenure}) per acquire or enqueue.
 *
 * <p>Operations ({@code acquire}, {@code enqueue}, {@code await}, {@code release}, {@code close}) are serialised by
 * {@link #operations}; {@code abandon} and the accessors take no lock.
 */
final class Holder {
    /*
     * Blocking exchanges. On JDK 17 a platform thread blocked in a socket read ignores interrupts, so every exchange
     * an operation waits for (connect, TLS, auth, the request itself) runs as a task on ClientThreads.IO while the
     * caller waits on its Future, which is interruptible. On interruption the caller:
     *   1. ends the tenure (so nothing else will use it),
     *   2. if the task has not finished, closes the socket, which ends the task promptly,
     *   3. waits (at most 2 s) for the task; if it still produced a grant (it raced the interrupt), releases it as a
     *      best effort within 2 s: on the same connection when the task had finished before step 2, else on a
     *      fresh one,
     *   4. closes the connection and throws InterruptedException (interrupt status cleared).
     *
     * Lease start. The renewal deadline counts a lease from a client instant no later than the server's start of it
     * where that is knowable: the send time of a request that cannot block (tryAcquire, enqueue, w 0, renew). For a
     * request that blocked (acquire, await with a timeout) the server starts the lease when it grants, which the
     * client cannot observe; it uses the arrival of the reply, late by at most the reply's one-way delay.
     */

    private static final Logger LOG = LoggerFactory.getLogger(Holder.class);
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final HolderConfig config;
    private final ReentrantLock operations = new ReentrantLock();
    private final AtomicReference<Tenure> current = new AtomicReference<>();
    private volatile CompletableFuture<LeaseLostEvent> lastLeaseLost;

    Holder(HolderConfig config) {
        this.config = config;
    }

    HolderConfig config() {
        return config;
    }

    /** What an exchange task produced. */
    private sealed interface Outcome {
    }

    private record Granted(Grant grant, long leaseStartNanos, boolean fastPath) implements Outcome {
    }

    private record Queued() implements Outcome {
    }

    private record TimedOut() implements Outcome {
    }

    boolean acquire(long timeoutSeconds) throws InterruptedException {
        lockOperations();
        try {
            Tenure tenure = startTenure();
            Request.Acquire request = config.semaphore()
                    ? Request.Acquire.semaphore(config.wireKey(), timeoutSeconds, config.limit(), config.leaseTtl())
                    : Request.Acquire.lock(config.wireKey(), timeoutSeconds, config.leaseTtl());
            Outcome outcome = call(tenure, () -> {
                tenure.connection.open();
                return grantOrTimeout(tenure, request, timeoutSeconds);
            });
            return settle(tenure, outcome);
        } finally {
            operations.unlock();
        }
    }

    EnqueueStatus enqueue() throws InterruptedException {
        lockOperations();
        try {
            Tenure tenure = startTenure();
            Request.Enqueue request = config.semaphore()
                    ? Request.Enqueue.semaphore(config.wireKey(), config.limit(), config.leaseTtl())
                    : Request.Enqueue.lock(config.wireKey(), config.leaseTtl());
            Outcome outcome = call(tenure, () -> {
                tenure.connection.open();
                long sentNanos = System.nanoTime();
                EnqueueResult result = tenure.connection.enqueue(request);
                if (result instanceof EnqueueResult.Acquired acquired) {
                    return new Granted(acquired.grant(), sentNanos, true);
                }
                return new Queued();
            });
            return settle(tenure, outcome) ? EnqueueStatus.ACQUIRED : EnqueueStatus.QUEUED;
        } finally {
            operations.unlock();
        }
    }

    boolean await(Duration timeout) throws InterruptedException {
        long timeoutSeconds = Arguments.seconds("timeout", timeout);
        lockOperations();
        try {
            Tenure tenure = current.get();
            if (tenure != null && tenure.collectFastPath()) {
                return true;
            }
            if (tenure == null || tenure.phase() != Tenure.Phase.QUEUED) {
                throw new NotEnqueuedException("await without an outstanding enqueue on " + config.key(), null);
            }
            Request.Wait request = config.semaphore()
                    ? Request.Wait.semaphore(config.wireKey(), timeoutSeconds)
                    : Request.Wait.lock(config.wireKey(), timeoutSeconds);
            Outcome outcome = call(tenure, () -> grantOrTimeout(tenure, request, timeoutSeconds));
            return settle(tenure, outcome);
        } finally {
            operations.unlock();
        }
    }

    CompletableFuture<Boolean> acquireAsync() {
        return AsyncCall.start("dflockd-acquire", () -> acquire(config.acquireTimeoutSeconds()), held -> {
            if (held) {
                close(); // granted after the future was cancelled
            }
        });
    }

    CompletableFuture<EnqueueStatus> enqueueAsync() {
        return AsyncCall.start("dflockd-enqueue", this::enqueue, status -> close());
    }

    CompletableFuture<Boolean> awaitAsync(Duration timeout) {
        Arguments.seconds("timeout", timeout);
        return AsyncCall.start("dflockd-await", () -> await(timeout), held -> {
            if (held) {
                close();
            }
        });
    }

    /** CLIENT.md §4.6; throws the release's failure after the connection is closed. */
    void release() {
        operations.lock();
        try {
            releaseCurrent(true);
        } finally {
            operations.unlock();
        }
    }

    /** {@link #release()} without throwing for a grant the server no longer has or a network failure. */
    void close() {
        operations.lock();
        try {
            releaseCurrent(false);
        } finally {
            operations.unlock();
        }
    }

    /** Any thread, no lock: stop renewal and close the connection, sending nothing. */
    void abandon() {
        abandon(current.get());
    }

    boolean isHeld() {
        Tenure tenure = current.get();
        return tenure != null && tenure.isHeld();
    }

    /** Whether this instance holds (by phase, whatever the clock says) or is connecting or queued. */
    boolean isHeldOrQueued() {
        Tenure tenure = current.get();
        if (tenure == null) {
            return false;
        }
        Tenure.Phase phase = tenure.phase();
        return phase == Tenure.Phase.CONNECTING || phase == Tenure.Phase.QUEUED || phase == Tenure.Phase.HELD;
    }

    Optional<Grant> grant() {
        Tenure tenure = current.get();
        return tenure == null || !tenure.isHeld() ? Optional.empty() : tenure.heldGrant();
    }

    Optional<String> token() {
        return grant().map(Grant::token);
    }

    OptionalLong fence() {
        return grant().map(Grant::fence).orElse(OptionalLong.empty());
    }

    long leaseSeconds() {
        Tenure tenure = current.get();
        return tenure == null || !tenure.isHeld() ? 0 : tenure.leaseSeconds();
    }

    /** The lease-lost future of the current (or most recent) grant; a copy, so callers cannot complete ours. */
    CompletableFuture<LeaseLostEvent> leaseLost() {
        CompletableFuture<LeaseLostEvent> future = lastLeaseLost;
        if (future == null) {
            throw new IllegalStateException("no grant has been received yet on " + config.key());
        }
        return future.copy();
    }

    /**
     * Takes the operations lock. A thread already interrupted on entry leaves this instance not held and not queued
     * before any I/O (CLIENT.md §4.5); one interrupted while another operation runs just gives up its turn.
     */
    private void lockOperations() throws InterruptedException {
        if (Thread.interrupted()) {
            abandon(current.get());
            throw new InterruptedException();
        }
        operations.lockInterruptibly();
        if (Thread.interrupted()) {
            abandon(current.get());
            operations.unlock();
            throw new InterruptedException();
        }
    }

    /** Abandons any previous state, then starts a tenure on the key's server; no I/O. */
    private Tenure startTenure() {
        abandon(current.get());
        Tenure tenure = new Tenure(config, config.server());
        current.set(tenure);
        return tenure;
    }

    /** Applies a task's outcome to the tenure: true if granted, false on timeout or queued. */
    private boolean settle(Tenure tenure, Outcome outcome) {
        if (outcome instanceof Granted granted) {
            if (!tenure.markHeld(granted.grant(), granted.leaseStartNanos(), granted.fastPath())) {
                tenure.connection.close();
                throw new ConnectionException("abandoned while the grant was arriving on " + config.key(), null);
            }
            lastLeaseLost = tenure.leaseLost();
            LOG.debug("{} granted {}", config.key(), granted.grant());
            return true;
        }
        if (outcome instanceof Queued) {
            if (!tenure.markQueued()) {
                tenure.connection.close();
                throw new ConnectionException("abandoned while enqueueing on " + config.key(), null);
            }
            return false;
        }
        tenure.end();
        tenure.connection.close();
        return false;
    }

    /**
     * Exchange step of an {@code l}/{@code sl} or {@code w}/{@code sw} request on the tenure's open connection. The
     * lease starts at the send time when the request cannot block, else at the reply (see the design note).
     */
    private static Outcome grantOrTimeout(Tenure tenure, Request request, long timeoutSeconds) {
        long sentNanos = System.nanoTime();
        Optional<Grant> grant = tenure.connection.grant(request);
        long leaseStart = timeoutSeconds > 0 ? System.nanoTime() : sentNanos;
        return grant.<Outcome>map(g -> new Granted(g, leaseStart, false)).orElse(new TimedOut());
    }

    /** Runs an exchange task on an I/O thread while this thread waits interruptibly (see the design note). */
    private Outcome call(Tenure tenure, Callable<Outcome> exchange) throws InterruptedException {
        Future<Outcome> task = ClientThreads.IO.submit(exchange);
        try {
            return task.get();
        } catch (ExecutionException e) {
            tenure.end();
            tenure.connection.close();
            throw rethrowable(e.getCause());
        } catch (InterruptedException e) {
            cancel(tenure, task);
            throw e;
        }
    }

    private void cancel(Tenure tenure, Future<Outcome> task) {
        tenure.end();
        boolean finishedFirst = task.isDone();
        if (!finishedFirst) {
            tenure.connection.close();
        }
        Outcome raced = resultWithin(task, GRACE_NANOS);
        if (raced instanceof Granted granted) {
            LOG.debug("{}: a grant raced the interrupt; releasing {}", config.key(), granted.grant());
            releaseBestEffort(tenure, granted.grant(), finishedFirst);
        }
        tenure.connection.close();
    }

    /** The task's result if it succeeds within the bound, else null; ignores (and clears) interrupts. */
    private static Outcome resultWithin(Future<Outcome> task, long boundNanos) {
        long deadline = System.nanoTime() + boundNanos;
        while (true) {
            try {
                return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                continue;
            } catch (ExecutionException | TimeoutException e) {
                return null;
            }
        }
    }

    private void releaseCurrent(boolean throwFailures) {
        Tenure tenure = current.get();
        if (tenure == null) {
            return;
        }
        Tenure.Phase from = tenure.end();
        if (from != Tenure.Phase.HELD) {
            tenure.connection.close(); // queued: closing drops the waiter; lost or ended: nothing to do
            return;
        }
        Grant grant = tenure.lastGrant();
        DflockdException failure = null;
        try {
            if (tenure.connection.releaseUnlessBusy(releaseRequest(grant), GRACE_NANOS)
                    != DflockdConnection.ReleaseAttempt.RELEASED) {
                // a renew was stuck on the connection (or failed meanwhile): force-close it, release elsewhere,
                // and do not report the outcome (the server's auto-release covers the closed connection)
                tenure.connection.close();
                releaseOnFreshConnection(tenure.connection.server(), grant, System.nanoTime() + GRACE_NANOS);
            }
        } catch (DflockdException e) {
            failure = e;
        } finally {
            tenure.connection.close();
        }
        if (failure != null) {
            if (throwFailures) {
                throw failure;
            }
            LOG.debug("close of {} {}: release failed: {}", config.key(), grant, failure.toString());
        }
    }

    private void releaseBestEffort(Tenure tenure, Grant grant, boolean sameConnectionUsable) {
        long deadline = System.nanoTime() + GRACE_NANOS;
        if (sameConnectionUsable) {
            try {
                tenure.connection.releaseBefore(releaseRequest(grant), deadline);
                return;
            } catch (ConnectionException e) {
                LOG.debug("release of a raced grant on {} failed on its connection: {}", config.key(), e.toString());
            } catch (DflockdException e) {
                LOG.debug("release of a raced grant on {} refused: {}", config.key(), e.toString());
                return;
            }
        }
        releaseOnFreshConnection(tenure.connection.server(), grant, deadline);
    }

    private void releaseOnFreshConnection(HostPort server, Grant grant, long deadlineNanos) {
        try (DflockdConnection fresh = new DflockdConnection(server, config.connectOptions())) {
            fresh.openBefore(deadlineNanos);
            fresh.releaseBefore(releaseRequest(grant), deadlineNanos);
        } catch (DflockdException e) {
            LOG.debug("best-effort release of {} {} failed: {}", config.key(), grant, e.toString());
        }
    }

    private Request.Release releaseRequest(Grant grant) {
        return config.semaphore()
                ? Request.Release.semaphore(config.wireKey(), grant.token())
                : Request.Release.lock(config.wireKey(), grant.token());
    }

    private static void abandon(Tenure tenure) {
        if (tenure != null) {
            tenure.end();
            tenure.connection.close();
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new ConnectionException("exchange failed: " + cause, null, cause);
    }

    @Override
    public String toString() {
        Optional<Grant> held = grant();
        return "key=" + config.key() + (config.semaphore() ? ", limit=" + config.limit() : "")
                + held.map(g -> ", held, fence=" + g.fence().stream().mapToObj(Tokens::toUnsignedString)
                        .findFirst().orElse("-")).orElse(", not held");
    }
}
