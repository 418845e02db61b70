package io.dflockd.core.internal;

import io.dflockd.core.Granted;
import io.dflockd.core.Outcome;
import io.dflockd.core.TimedOut;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pending asynchronous acquire or {@code awaitGrant}: the bridge from a queued {@link Waiter} to the
 * {@link CompletableFuture} its caller holds. It holds no thread while pending: the waiter's decision, whoever makes it,
 * hands the completion to {@link Completions}; the deadline is a task of the engine's {@link Timers}; cancelling the
 * future cancels the waiter.
 *
 * <pre>
 *  pending --decided() first time--> completing   deciding thread (a drainer, the timer, a canceller) or the caller
 *                                                 of start(); only hands {@link #complete} to the executor
 *  completing --complete()-->        done         completion thread: delivers a grant, completes the future
 * </pre>
 *
 * <p>Every way out goes through the waiter's one CAS (Waiter invariant 1): the timer and the future's cancellation
 * both {@code tryCancel} and, on success, send the cancel command; a grant decided first still reaches
 * {@link #complete}, which releases it when the future was cancelled meanwhile (Waiter invariant 3).
 *
 * <p>Invariants:
 * <ol>
 * <li>{@link #complete} runs once ({@code completing} CAS), on the executor, never inside a drain loop.</li>
 * <li>The timer is cancelled once the call completes: {@link #start} publishes it before reading {@code completing},
 *     and {@link #complete} reads it after {@code completing} was set, so at least one of them cancels it.</li>
 * <li>A grant the future cannot take (it was cancelled) is released, never stranded.</li>
 * </ol>
 *
 * @param <T> the outcome type of the call ({@code AcquireOutcome} or {@code WaitOutcome}); every outcome a waiter can
 *            end with is both
 */
final class AsyncCall<T extends Outcome> implements Waiter.Listener {
    private final Requests requests;
    private final Waiter waiter;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicBoolean completing = new AtomicBoolean();
    private volatile Timers.Scheduled timer;

    private AsyncCall(Requests requests, Waiter waiter) {
        this.requests = requests;
        this.waiter = waiter;
    }

    /**
     * Requester, outside every drain loop, once {@code waiter} is queued (or on its way): attaches to it, arms its
     * deadline ({@link Deadlines#NEVER}: none) and returns the caller's future.
     */
    static <T extends Outcome> CompletableFuture<T> start(Requests requests, Waiter waiter, long deadline) {
        AsyncCall<T> call = new AsyncCall<>(requests, waiter);
        call.future.whenComplete((outcome, failure) -> {
            if (call.future.isCancelled()) {
                call.giveUp();
            }
        });
        waiter.listen(call); // Waiter invariant 6: told at once if decided already
        if (deadline != Deadlines.NEVER && waiter.isWaiting()) {
            call.timer = requests.timers().at(deadline, call::giveUp);
            if (call.completing.get()) { // invariant 2
                call.timer.cancel();
            }
        }
        return call.future;
    }

    @Override
    public void decided() {
        if (completing.compareAndSet(false, true)) { // invariant 1
            requests.completions().execute(this::complete);
        }
    }

    /** The deadline passed or the future was cancelled: cancel the waiter unless it was decided first. */
    private void giveUp() {
        if (waiter.tryCancel(TimedOut.INSTANCE)) {
            waiter.resource.submit(new Commands.Cancel(waiter));
        }
    }

    @SuppressWarnings("unchecked")
    private void complete() {
        Timers.Scheduled armed = timer;
        if (armed != null) {
            armed.cancel(); // invariant 2
        }
        try {
            Outcome outcome = requests.outcomeOf(waiter);
            if (!future.complete((T) outcome) && outcome instanceof Granted granted) {
                requests.giveBack(granted.grant()); // invariant 3: cancelled first; Waiter invariant 3
            }
        } catch (RuntimeException e) { // an engine bug reaches the caller instead of a dead completion thread
            future.completeExceptionally(e);
        }
    }
}
