package io.dflockd.client;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One holder of one key on a dflockd server: the operations a {@link DistributedLock} (limit 1) and a
 * {@link DistributedSemaphore} (one slot of limit N) share (CLIENT.md §4). Apart from the limit, and the wire
 * commands it selects ({@code l}, {@code e}, {@code w}, {@code n}, {@code r} for a lock; {@code sl}, {@code se},
 * {@code sw}, {@code sn}, {@code sr} for a semaphore), the two behave identically.
 *
 * <p>One instance is <b>one</b> holder: it holds at most one grant at a time, on one connection of its own, and
 * renews the grant's lease in the background at {@code lease × renewRatio × (1 − U × renewJitter)}. The first
 * renewal failure (including no reply before the lease ends) makes it not held and notifies {@code onLeaseLost}
 * once; a deliberate {@link #release()}, {@link #close()}, {@link #abandon()} or new acquire is never a loss.
 *
 * <p>Thread-safe. The operations ({@code acquire}, {@code tryAcquire}, {@code enqueue}, {@code await},
 * {@code release}, {@code close}) run one at a time; {@link #abandon()} and the accessors never wait for them.
 * Interrupting a thread blocked in an operation cancels it promptly, also on JDK 17: the connection is closed, a
 * grant that raced the interrupt is released (best effort, within 2 s), the instance is left not held and not
 * queued, and {@link InterruptedException} is thrown. A timeout is {@code false}, never an exception.
 *
 * <p>{@link #toString()} shows the key and fence, never the token's salt.
 */
public abstract sealed class DistributedHolder implements AutoCloseable permits DistributedLock, DistributedSemaphore {
    final Holder holder;

    DistributedHolder(HolderConfig config) {
        this.holder = new Holder(config);
    }

    /**
     * Acquires, waiting up to {@code acquireTimeout}. Any previous state of this instance is abandoned first (its
     * connection closed; the server's auto-release frees it). Opens a new connection to the key's server,
     * authenticates if configured, and sends {@code l} (a semaphore: {@code sl}).
     *
     * @return true when granted (renewal has started); false when the timeout passed
     * @throws InterruptedException if interrupted (nothing is left held or queued)
     * @throws DflockdException     on a server error or network failure (the connection is closed)
     */
    public boolean acquire() throws InterruptedException {
        return holder.acquire(holder.config().acquireTimeoutSeconds());
    }

    /** As {@link #acquire()} with timeout 0: answers at once and never jumps the queue. */
    public boolean tryAcquire() throws InterruptedException {
        return holder.acquire(0);
    }

    /**
     * Two-phase acquire, step 1 ({@code e}; a semaphore: {@code se}); never blocks on the server. Any previous
     * state is abandoned first.
     *
     * @return {@link EnqueueStatus#ACQUIRED} (held now, renewing) or {@link EnqueueStatus#QUEUED} (call
     *         {@link #await(Duration)})
     */
    public EnqueueStatus enqueue() throws InterruptedException {
        return holder.enqueue();
    }

    /**
     * Two-phase acquire, step 2 ({@code w}; a semaphore: {@code sw}): waits up to {@code timeout} (rounded up to
     * seconds; {@code ZERO} checks without blocking) for the grant of the last {@link #enqueue()}. After
     * {@code ACQUIRED} it returns true at once. On false the queue position is gone: {@code enqueue()} again to
     * retry.
     *
     * @throws NotEnqueuedException     if no enqueue is outstanding (no I/O)
     * @throws IllegalArgumentException if the timeout is negative or too large
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return holder.await(timeout);
    }

    /** {@link #acquire()} on a client thread; {@code cancel(true)} acts as an interrupt. */
    public CompletableFuture<Boolean> acquireAsync() {
        return holder.acquireAsync();
    }

    /** {@link #enqueue()} on a client thread; {@code cancel(true)} acts as an interrupt. */
    public CompletableFuture<EnqueueStatus> enqueueAsync() {
        return holder.enqueueAsync();
    }

    /** {@link #await(Duration)} on a client thread; {@code cancel(true)} acts as an interrupt. */
    public CompletableFuture<Boolean> awaitAsync(Duration timeout) {
        return holder.awaitAsync(timeout);
    }

    /**
     * Releases: stops renewal (waiting up to 2 s for a renew in flight), sends {@code r} (a semaphore:
     * {@code sr}) and closes the connection; when only queued, just closes it. Does nothing when nothing is held or
     * the lease was lost. Idempotent.
     *
     * @throws ServerErrorException if the server no longer knew the grant (the connection is closed anyway)
     * @throws ConnectionException  on a network failure (the connection is closed anyway)
     */
    public void release() {
        holder.release();
    }

    /** As {@link #release()}, but never throws for a grant the server no longer has or a network failure. */
    @Override
    public void close() {
        holder.close();
    }

    /**
     * Stops renewal and closes the connection without sending anything (the server's auto-release frees the slot).
     * Any thread, any time; an operation in progress on another thread then fails with {@link ConnectionException}.
     */
    public void abandon() {
        holder.abandon();
    }

    /** Whether a grant is held and its renewal has not failed. */
    public boolean isHeld() {
        return holder.isHeld();
    }

    /** The current grant's token while held. A bearer capability: do not log it. */
    public Optional<String> token() {
        return holder.token();
    }

    /** The current grant's fence (unsigned; compare with {@link Long#compareUnsigned}), empty when not held. */
    public OptionalLong fence() {
        return holder.fence();
    }

    /** The lease the server last reported (grant, then each renewal), in seconds; 0 when not held. */
    public long leaseSeconds() {
        return holder.leaseSeconds();
    }

    /**
     * A future of the current (or most recent) grant's loss, completed at most once, on a client thread; it never
     * completes for a grant ended deliberately.
     *
     * @throws IllegalStateException if this instance has never been granted
     */
    public CompletableFuture<LeaseLostEvent> leaseLost() {
        return holder.leaseLost();
    }

    /** The key. */
    public String key() {
        return holder.config().key();
    }

    /** The limit of concurrent holders of the key: always 1 for a {@link DistributedLock}. */
    public int limit() {
        return holder.config().limit();
    }

    /** {@code DistributedLock[...]} or {@code DistributedSemaphore[...]}: the key and fence, never the salt. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + holder + "]";
    }
}
