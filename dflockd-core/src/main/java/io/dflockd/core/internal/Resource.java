package io.dflockd.core.internal;

import io.dflockd.core.ResourceKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One key: its sequential {@link KeyState}, a lock-free mailbox of {@link Command}s, and a work-in-progress counter
 * that makes exactly one thread at a time its drainer.
 *
 * <p>Algorithm ("drain loop"): a caller offers its command, then increments {@code wip}; the one that moved it from 0
 * applies commands in mailbox order until the mailbox is empty and {@code wip} is back to 0. Every other caller waits
 * on its own handle. The uncontended path skips the mailbox: a caller that finds the mailbox empty and moves
 * {@code wip} from 0 to 1 ({@link #tryEnter}) applies its operation directly, then drains what arrived meanwhile
 * ({@link #exit}).
 * <pre>
 *  wip 0 --tryEnter / submit: getAndIncrement()==0--> &gt;0   the caller becomes the drainer
 *  wip n --submit by another thread-->                 n+1   its command will be drained
 *  wip n --drainer: addAndGet(-missed)-->              0     mailbox seen empty: the drainer leaves
 * </pre>
 *
 * <p>Invariants:
 * <ol>
 * <li>At most one drainer at a time; {@link KeyState} is touched only by it, and each drainer's writes happen-before
 *     the next one's reads (through {@code wip}).</li>
 * <li>No stranded command: an offered command is followed by an increment of {@code wip}; the drainer leaves only
 *     when a decrement brings {@code wip} to 0, i.e. after polling every command whose increment it accounted for.</li>
 * <li>A retired resource applies nothing: commands reaching it are forwarded, after the drain loop, to the live
 *     resource of the key (so no thread ever drains two resources at once).</li>
 * <li>{@code earliestLeaseEnd} and {@code idleSince} are published by the drainer after each command; the sweeper and
 *     the collector only read them to decide whom to send a command.</li>
 * </ol>
 */
final class Resource {
    private static final Logger LOG = LoggerFactory.getLogger(Resource.class);
    private static final int MAILBOX_CHUNK = 32;

    final ResourceKey key;
    final int limit;
    private final Engine engine;
    private final KeyState state;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean upkeepQueued = new AtomicBoolean();
    private final AtomicBoolean retireQueued = new AtomicBoolean();
    private final Command upkeep = new Upkeep();
    private final Command retire = new Retire();

    private static final AtomicLongFieldUpdater<Resource> EARLIEST_LEASE_END =
            AtomicLongFieldUpdater.newUpdater(Resource.class, "earliestLeaseEnd");
    private static final AtomicLongFieldUpdater<Resource> IDLE_SINCE =
            AtomicLongFieldUpdater.newUpdater(Resource.class, "idleSince");

    private static final VarHandle MAILBOX = mailboxHandle();

    /**
     * Created by the first {@link #submit}: most keys are only ever entered inline, and an idle key would otherwise
     * carry an empty padded queue (about 700 bytes, more than the rest of the key).
     */
    private volatile MpscUnboundedAtomicArrayQueue<Command> mailbox;
    private volatile boolean retired;
    private volatile long earliestLeaseEnd = Deadlines.NEVER;
    private volatile long idleSince;
    private long publishedEarliest = Deadlines.NEVER; // drainer-only shadows of the two volatiles
    private long publishedIdle;
    private List<Command> forwards; // drainer only: commands that reached this resource after it retired

    Resource(Engine engine, ResourceKey key, int limit, long now) {
        this.engine = engine;
        this.key = key;
        this.limit = limit;
        this.state = new KeyState(engine, this, now);
        this.idleSince = now;
        this.publishedIdle = now;
    }

    // ---- entering ------------------------------------------------------------------------------------------------

    /** Any thread. Becomes the drainer if nobody is and nothing is queued; then the caller must call {@link #exit}. */
    boolean tryEnter() {
        return isEmpty(mailbox) && wip.compareAndSet(0, 1);
    }

    /** Drainer only, after {@link #tryEnter}: the state to act on; null if retired (then just {@link #exit}). */
    KeyState enteredState() {
        return state.isRetired() ? null : state;
    }

    /** Any thread. Whether no command is queued and nobody drains (the engine is idle on this key). */
    boolean isQuiet() {
        return wip.get() == 0 && isEmpty(mailbox);
    }

    /** Drainer only. Publishes, drains what arrived meanwhile, and leaves. */
    void exit() {
        publish();
        drain();
    }

    /** Any thread. Offers {@code command}; drains the mailbox if no one else is. */
    void submit(Command command) {
        mailbox().offer(command);
        if (wip.getAndIncrement() == 0) {
            drain();
        }
    }

    /**
     * Any thread outside a drain loop. Applies {@code command} in the caller's thread when nobody drains and nothing
     * is queued, as {@link #tryEnter} lets requests do, else submits it. So the one-way commands (a session's end,
     * upkeep, retirement) of a key that is never contended never need its mailbox.
     */
    void execute(Command command) {
        if (!tryEnter()) {
            submit(command);
            return;
        }
        boolean applied = false;
        try {
            if (!state.isRetired()) {
                apply(command);
                applied = true;
            }
        } finally {
            exit();
        }
        if (!applied) {
            command.forward(engine, key); // invariant 3, as the drain loop does after it leaves
        }
    }

    /** Any thread outside a drain loop. Asks for lazy upkeep (expiry, promotion) without a keyed request; coalesced. */
    void requestUpkeep() {
        if (upkeepQueued.compareAndSet(false, true)) {
            execute(upkeep);
        }
    }

    /** Any thread outside a drain loop. Retires the resource if it is still idle; coalesced. */
    void requestRetire() {
        if (retireQueued.compareAndSet(false, true)) {
            execute(retire);
        }
    }

    // ---- published for the sweeper and the collector -------------------------------------------------------------

    /** Drainer only, once its state has retired. */
    void markRetired() {
        retired = true;
    }

    /** Any thread. Whether the collector retired this resource (a session index may then forget it). */
    boolean isRetired() {
        return retired;
    }

    long earliestLeaseEnd() {
        return earliestLeaseEnd;
    }

    long idleSince() {
        return idleSince;
    }

    private static boolean isEmpty(MpscUnboundedAtomicArrayQueue<Command> queue) {
        return queue == null || queue.isEmpty();
    }

    private MpscUnboundedAtomicArrayQueue<Command> mailbox() {
        MpscUnboundedAtomicArrayQueue<Command> existing = mailbox;
        if (existing != null) {
            return existing;
        }
        MpscUnboundedAtomicArrayQueue<Command> created = new MpscUnboundedAtomicArrayQueue<>(MAILBOX_CHUNK);
        return MAILBOX.compareAndSet(this, null, created) ? created : mailbox;
    }

    private static VarHandle mailboxHandle() {
        try {
            return MethodHandles.lookup().findVarHandle(Resource.class, "mailbox", MpscUnboundedAtomicArrayQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- the drain loop ------------------------------------------------------------------------------------------

    private void drain() {
        int missed = 1;
        for (;;) {
            MpscUnboundedAtomicArrayQueue<Command> queued = mailbox; // non-null whenever missed counts a submit
            Command command;
            while (queued != null && (command = queued.poll()) != null) {
                if (state.isRetired()) {
                    if (forwards == null) {
                        forwards = new ArrayList<>(2);
                    }
                    forwards.add(command); // invariant 3
                } else {
                    apply(command);
                }
            }
            List<Command> toForward = forwards;
            forwards = null;
            missed = wip.addAndGet(-missed); // invariant 2
            if (missed == 0) {
                forwardAll(toForward);
                return;
            }
            if (toForward != null) {
                forwards = toForward;
            }
        }
    }

    private void apply(Command command) {
        try {
            command.apply(state, engine.clock().nanoTime());
        } catch (RuntimeException e) {
            LOG.error("engine command failed on key {}; the caller gets an error", key, e);
            command.abort(e);
        }
        publish();
    }

    private void forwardAll(List<Command> toForward) {
        if (toForward != null) {
            for (Command command : toForward) {
                command.forward(engine, key);
            }
        }
    }

    /**
     * Invariant 4. Release stores (no full fence on the fast path): the sweeper and the collector may read a value
     * one command old, which only delays or wastes one of their commands; the drainer re-checks everything.
     */
    private void publish() {
        long earliest = state.earliestEnd();
        if (earliest != publishedEarliest) {
            publishedEarliest = earliest;
            EARLIEST_LEASE_END.lazySet(this, earliest);
        }
        long idle = state.idleSince();
        if (idle != publishedIdle) {
            publishedIdle = idle;
            IDLE_SINCE.lazySet(this, idle);
        }
    }

    /** Periodic upkeep: the sweep and the retry of a stuck head. */
    private final class Upkeep extends Command {
        @Override
        void apply(KeyState keyState, long now) {
            upkeepQueued.set(false);
            keyState.upkeep(now);
        }

        @Override
        void forward(Engine target, ResourceKey resourceKey) {
            upkeepQueued.set(false); // a retired resource has nothing to expire or promote
        }

        @Override
        void abort(RuntimeException failure) {
            upkeepQueued.set(false);
        }
    }

    /** Idle collection (SEMANTICS 8.2): retire, then leave the map and free the maxLocks slot. */
    private final class Retire extends Command {
        @Override
        void apply(KeyState keyState, long now) {
            retireQueued.set(false);
            if (keyState.retireIfIdle(now, engine.gcMaxIdleNanos())) {
                engine.retired(Resource.this);
            }
        }

        @Override
        void forward(Engine target, ResourceKey resourceKey) {
            retireQueued.set(false);
        }

        @Override
        void abort(RuntimeException failure) {
            retireQueued.set(false);
        }
    }

    @Override
    public String toString() {
        return "Resource[" + key + ", limit " + limit + "]";
    }
}
