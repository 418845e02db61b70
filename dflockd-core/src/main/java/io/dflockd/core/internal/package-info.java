/**
 * The engine behind {@link io.dflockd.core.LockManager}. Not exported.
 *
 * <h2>Map of the package</h2>
 * <ul>
 * <li>{@link io.dflockd.core.internal.Engine}: the façade, the key map ({@code maxLocks} reserved before insert),
 *     the session sequence, the sweep, the collection, shutdown.</li>
 * <li>{@link io.dflockd.core.internal.Resource}: one key's mailbox (JCTools {@code MpscUnboundedAtomicArrayQueue})
 *     and work-in-progress counter; the drain loop and the inline fast path.</li>
 * <li>{@link io.dflockd.core.internal.KeyState}: the rules of SEMANTICS.md sections 2-8, sequential, drainer only,
 *     over three plain containers: {@link io.dflockd.core.internal.HolderTable} (the grants and the earliest lease
 *     end), {@link io.dflockd.core.internal.WaiterQueue} (the FIFO) and {@link io.dflockd.core.internal.TwoPhaseTable}
 *     (the enqueue entries).</li>
 * <li>{@link io.dflockd.core.internal.Waiter}: the one racy object between a requester and the drainer.</li>
 * <li>{@link io.dflockd.core.internal.Requests}: how a call reaches its key and how the caller waits;
 *     {@link io.dflockd.core.internal.AsyncCall} and {@link io.dflockd.core.internal.Completions} for the asynchronous
 *     forms, which wait without a thread.</li>
 * </ul>
 *
 * <h2>Decisions where the design or the contract left room</h2>
 * <ul>
 * <li><b>The lease of a grant handed to a blocked caller lives in its {@code Waiter}</b> until the caller returns,
 *     because SEMANTICS 2.5 restarts it at delivery, which happens on the caller's thread. Delivery, renew, expiry
 *     and release decide by CAS on that one field. A grant released by its bearer before delivery is still delivered
 *     (it was granted; its bearer gave it back); one that expired, or was auto-released with its session, is not
 *     (LEASE_EXPIRED, or SessionClosed). Every other grant keeps its lease in a plain array of the holder table, so
 *     the uncontended path allocates only the token, the grant and the outcome (72 bytes per acquire + release).</li>
 * <li><b>Asynchronous forms</b> hold no thread while pending ({@link io.dflockd.core.internal.AsyncCall}): the
 *     waiter's decision (grant, timeout, session end, shutdown, cancellation) hands the completion to
 *     {@link io.dflockd.core.internal.Completions} (a virtual thread per completion on JDK 21+, a small daemon pool
 *     before), the timeout is a task of the engine's timers, and cancelling the future goes through the waiter's
 *     CAS; a grant that wins that race is released. Only {@code awaitGrantAsync} makes one short synchronous
 *     round-trip to the key's drainer to find the session's entry.</li>
 * <li><b>Awaiting a queued two-phase entry</b> turns the entry's waiter into an ordinary waiter owned by the blocked
 *     caller, and the (session, key) entry is gone from then on: a concurrent enqueue on the same key by the same
 *     session is accepted and queues behind it.</li>
 * <li><b>Stats and views</b> run no upkeep and refresh nothing; a holder whose lease has ended but has not been
 *     removed yet is left out of them (its lease is already invalid, SEMANTICS 3.3).</li>
 * <li><b>During shutdown</b> release and renew answer SHUTTING_DOWN like every other new request; grants the engine
 *     itself must give back (an interrupt or a cancelled future that raced a grant) are still released, and so are
 *     the grants of sessions closed with auto-release.</li>
 * <li><b>A {@link io.dflockd.core.ManualNanoClock}</b> replaces every timer: waiter deadlines, the sweep and the
 *     collection run in the thread that advances it, at their own clock times, so engine tests never sleep.</li>
 * </ul>
 */
package io.dflockd.core.internal;
