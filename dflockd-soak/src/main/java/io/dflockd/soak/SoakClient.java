package io.dflockd.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One soak client: a loop of random operations through one door until the deadline, every operation recorded in
 * this client's own append-only history (no lock shared with other clients on the hot path).
 *
 * <p>Owner thread only, except the scheduled close of {@link #cancelByClose}, which runs on the scheduler and hands
 * its timestamps back through the future.
 */
final class SoakClient implements Runnable {
    private static final long[] ACQUIRE_TIMEOUTS = {0, 0, 1, 2};
    private static final long[] WAIT_TIMEOUTS = {0, 1, 2};
    private static final int MAX_HELD = 2;
    private static final int MAX_STALE = 8;
    private static final long MAX_TTL = 3;

    /** A grant this client holds, with the TTL its lease was last set with. */
    private record Held(KeySpec key, String token, long ttl) {
    }

    private record Stale(String key, String token) {
    }

    private record Closed(long invokedNanos, long respondedNanos, Answer answer) {
    }

    private final int id;
    private final Door door;
    private final List<KeySpec> keys;
    private final DoorwayOpener opener;
    private final ScheduledExecutorService scheduler;
    private final long deadlineNanos;
    private final boolean shorteningRenews;
    private final SplittableRandom random;
    private final List<Op> history = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final List<Stale> stale = new ArrayList<>();
    /** Keys whose two-phase state is a grant acquired at once and not yet collected: key name -> token. */
    private final Map<String, String> uncollected = new HashMap<>();
    private volatile Throwable crash;
    private Doorway doorway;
    private String session = "";
    private int sessions;

    SoakClient(int id, Door door, List<KeySpec> keys, DoorwayOpener opener, ScheduledExecutorService scheduler,
            long deadlineNanos, boolean shorteningRenews, long seed) {
        this.id = id;
        this.door = door;
        this.keys = keys;
        this.opener = opener;
        this.scheduler = scheduler;
        this.deadlineNanos = deadlineNanos;
        this.shorteningRenews = shorteningRenews;
        this.random = new SplittableRandom(seed);
    }

    /** What ended the loop abnormally, if anything (a bug in the soak tool or a door throwing). */
    Throwable crash() {
        return crash;
    }

    /** The history; read only after the client's thread has ended. */
    List<Op> history() {
        return history;
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() - deadlineNanos < 0) {
                if (doorway == null && !open()) {
                    continue;
                }
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            crash = e;
        } finally {
            if (doorway != null) {
                close();
            }
        }
    }

    private void step() throws InterruptedException {
        int roll = random.nextInt(100);
        if (held.size() >= MAX_HELD && roll < 50) {
            roll = 50 + random.nextInt(50);
        }
        if (roll < 30) {
            acquire(randomKey());
        } else if (roll < 50) {
            twoPhase(randomKey());
        } else if (roll < 62) {
            renewHeld();
        } else if (roll < 80) {
            releaseHeld();
        } else if (roll < 86) {
            useStaleToken();
        } else if (roll < 92) {
            // Pacing: hold what we have for a while, so leases run out and others queue behind us.
            Thread.sleep(random.nextInt(300));
        } else if (roll < 96) {
            close();
        } else {
            cancelByClose(randomKey());
        }
    }

    private void acquire(KeySpec key) throws InterruptedException {
        long timeout = ACQUIRE_TIMEOUTS[random.nextInt(ACQUIRE_TIMEOUTS.length)];
        long ttl = randomTtl();
        long t0 = System.nanoTime();
        Answer answer = doorway.acquire(key.name(), key.limit(), timeout, ttl);
        record(OpKind.ACQUIRE, key.name(), key.limit(), ttl, timeout, "", t0, answer);
        if (answer.result() == Result.GRANTED) {
            held.add(new Held(key, answer.token(), answer.ttlSeconds()));
        }
    }

    private void twoPhase(KeySpec key) throws InterruptedException {
        if (uncollected.containsKey(key.name())) {
            await(key, WAIT_TIMEOUTS[random.nextInt(WAIT_TIMEOUTS.length)]);
            return;
        }
        long ttl = randomTtl();
        long t0 = System.nanoTime();
        Answer answer = doorway.enqueue(key.name(), key.limit(), ttl);
        record(OpKind.ENQUEUE, key.name(), key.limit(), ttl, 0, "", t0, answer);
        if (answer.result() == Result.ACQUIRED) {
            held.add(new Held(key, answer.token(), answer.ttlSeconds()));
            uncollected.put(key.name(), answer.token());
            if (random.nextBoolean()) {
                await(key, 0);
            }
        } else if (answer.result() == Result.QUEUED) {
            if (random.nextInt(8) == 0) {
                close(); // disconnect while queued
            } else {
                await(key, WAIT_TIMEOUTS[random.nextInt(WAIT_TIMEOUTS.length)]);
            }
        }
    }

    private void await(KeySpec key, long timeout) throws InterruptedException {
        long t0 = System.nanoTime();
        Answer answer = doorway.await(key.name(), timeout);
        record(OpKind.WAIT, key.name(), 0, answer.ttlSeconds(), timeout, "", t0, answer);
        String collected = uncollected.remove(key.name());
        if (answer.result() == Result.GRANTED && !answer.token().equals(collected)) {
            held.add(new Held(key, answer.token(), answer.ttlSeconds()));
        }
    }

    private void renewHeld() {
        if (held.isEmpty()) {
            useStaleToken();
            return;
        }
        Held h = held.get(random.nextInt(held.size()));
        long ttl = shorteningRenews ? randomTtl() : Math.max(h.ttl(), randomTtl());
        long t0 = System.nanoTime();
        Answer answer = doorway.renew(h.key().name(), h.token(), ttl);
        record(OpKind.RENEW, h.key().name(), 0, ttl, 0, h.token(), t0, answer);
        if (answer.result() == Result.NOT_HELD) {
            forget(h);
        } else if (answer.result() == Result.OK) {
            held.set(held.indexOf(h), new Held(h.key(), h.token(), ttl));
        }
    }

    private void releaseHeld() {
        if (held.isEmpty()) {
            useStaleToken();
            return;
        }
        Held h = held.get(random.nextInt(held.size()));
        long t0 = System.nanoTime();
        Answer answer = doorway.release(h.key().name(), h.token());
        record(OpKind.RELEASE, h.key().name(), 0, 0, 0, h.token(), t0, answer);
        forget(h);
    }

    private void useStaleToken() {
        String key;
        String token;
        if (stale.isEmpty() || random.nextInt(5) == 0) {
            key = randomKey().name();
            // Fence 0 is never minted, so this token was certainly never granted.
            token = String.format("%016x%016x", 0L, random.nextLong());
        } else {
            Stale s = stale.get(random.nextInt(stale.size()));
            key = s.key();
            token = s.token();
        }
        long t0 = System.nanoTime();
        if (random.nextBoolean()) {
            record(OpKind.RELEASE, key, 0, 0, 0, token, t0, doorway.release(key, token));
        } else {
            long ttl = shorteningRenews ? randomTtl() : MAX_TTL;
            record(OpKind.RENEW, key, 0, ttl, 0, token, t0, doorway.renew(key, token, ttl));
        }
    }

    /**
     * A blocking acquire cut short by closing the session from another thread after a random delay. Whoever claims
     * {@code claimed} first decides: the closer closes, or the client (its acquire ended first) keeps the session.
     */
    private void cancelByClose(KeySpec key) throws InterruptedException {
        Doorway target = doorway;
        AtomicBoolean claimed = new AtomicBoolean();
        CompletableFuture<Closed> closed = new CompletableFuture<>();
        scheduler.schedule(() -> {
            if (claimed.compareAndSet(false, true)) {
                long t0 = System.nanoTime();
                Answer answer = target.close();
                closed.complete(new Closed(t0, System.nanoTime(), answer));
            }
        }, 50 + random.nextInt(450), TimeUnit.MILLISECONDS);
        long ttl = randomTtl();
        long t0 = System.nanoTime();
        Answer answer = doorway.acquire(key.name(), key.limit(), 2, ttl);
        record(OpKind.ACQUIRE, key.name(), key.limit(), ttl, 2, "", t0, answer);
        if (answer.result() == Result.GRANTED) {
            held.add(new Held(key, answer.token(), answer.ttlSeconds()));
        }
        if (claimed.compareAndSet(false, true)) {
            return; // the acquire ended first; the session stays open
        }
        Closed c;
        try {
            c = closed.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("closing a session failed", e);
        }
        history.add(new Op(id, session, door, OpKind.CLOSE, "", 0, 0, 0, "", c.invokedNanos(), c.respondedNanos(),
                c.answer().result(), "", c.answer().detail()));
        endSession();
    }

    private boolean open() throws InterruptedException {
        session = "c" + id + "s" + (++sessions);
        long t0 = System.nanoTime();
        try {
            doorway = opener.open(door);
            record(OpKind.OPEN, "", 0, 0, 0, "", t0, Answer.ok(0));
            return true;
        } catch (RuntimeException e) {
            record(OpKind.OPEN, "", 0, 0, 0, "", t0, Answer.unknown(e.toString()));
            return false;
        }
    }

    private void close() {
        long t0 = System.nanoTime();
        Answer answer = doorway.close();
        record(OpKind.CLOSE, "", 0, 0, 0, "", t0, answer);
        endSession();
    }

    private void endSession() {
        held.forEach(h -> rememberStale(h.key().name(), h.token()));
        held.clear();
        uncollected.clear();
        doorway = null;
    }

    private void forget(Held h) {
        held.remove(h);
        uncollected.remove(h.key().name(), h.token());
        rememberStale(h.key().name(), h.token());
    }

    private void rememberStale(String key, String token) {
        if (stale.size() == MAX_STALE) {
            stale.remove(random.nextInt(MAX_STALE));
        }
        stale.add(new Stale(key, token));
    }

    private KeySpec randomKey() {
        return keys.get(random.nextInt(keys.size()));
    }

    private long randomTtl() {
        return 1 + random.nextInt((int) MAX_TTL);
    }

    private void record(OpKind kind, String key, int limit, long ttl, long timeout, String token, long t0,
            Answer answer) {
        long t1 = System.nanoTime();
        long recordedTtl = answer.ttlSeconds() > 0 ? answer.ttlSeconds() : ttl;
        history.add(new Op(id, session, door, kind, key, limit, recordedTtl, timeout, token, t0, t1,
                answer.result(), answer.token(), answer.detail()));
    }
}
