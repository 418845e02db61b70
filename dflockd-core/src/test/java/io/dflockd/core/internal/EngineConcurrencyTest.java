package io.dflockd.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.Acquired;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.Grant;
import io.dflockd.core.Granted;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.Queued;
import io.dflockd.core.Rejected;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads on few keys doing random operations (acquire with short timeouts, try-locks, two-phase, async with
 * cancellation, session closes with held grants), then an invariant check (F-6): never more holders than the limit,
 * no token granted twice, every call answered exactly once, no slot lost or duplicated, the engine idle.
 */
class EngineConcurrencyTest {
    private static final int THREADS = 8;
    private static final int OPERATIONS = Integer.getInteger("dflockd.stress.operations", 1500);
    private static final int[] LIMITS = {1, 2, 3};
    private static final Duration TTL = Duration.ofSeconds(120);

    private final ResourceKey[] keys = {ResourceKey.of("lock"), ResourceKey.of("sem2"), ResourceKey.of("sem3")};
    private final AtomicInteger[] inside = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    private final Set<Token> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong grants = new AtomicLong();

    @Test
    @Timeout(30)
    void randomOperationsKeepEveryInvariant() throws Exception {
        Engine engine = (Engine) Engine.start(LockManagerConfig.builder().maxWaiters(6).build());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 42 + t;
                workers.add(pool.submit(() -> {
                    start.await();
                    return work(engine, new SplittableRandom(seed));
                }));
            }
            start.countDown();
            long calls = 0;
            for (Future<Long> worker : workers) {
                calls += worker.get(25, TimeUnit.SECONDS);
            }
            assertThat(answered.get()).as("every call answered exactly once").isEqualTo(calls);
            assertThat(tokens).as("no token granted twice").hasSize((int) grants.get());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (ResourceKey key : keys) {
                    ResourceView view = engine.view(key).orElseThrow();
                    assertThat(view.holders()).as("nothing held after every session closed").isEmpty();
                    assertThat(view.waiters()).isZero();
                }
            });
            EngineInvariants.check(engine);
            try (Session last = engine.openSession()) {
                for (int k = 0; k < keys.length; k++) {
                    for (int i = 0; i < LIMITS[k]; i++) {
                        assertThat(last.acquire(keys[k], LIMITS[k], Duration.ZERO)).as("no slot lost")
                                .isInstanceOf(Granted.class);
                    }
                    assertThat(last.acquire(keys[k], LIMITS[k], Duration.ZERO)).as("no slot duplicated")
                            .isEqualTo(TimedOut.INSTANCE);
                }
            }
            System.getLogger(getClass().getName()).log(System.Logger.Level.INFO,
                    "stress: " + calls + " calls, " + grants.get() + " grants");
        } finally {
            pool.shutdownNow();
            engine.close();
        }
    }

    @Test
    @Timeout(30)
    void sessionClosesFromOtherThreadsRacingBlockedCallsLeaveNothingBehind() throws Exception {
        Engine engine = (Engine) Engine.start(LockManagerConfig.defaults());
        int callers = 6;
        Session[] published = new Session[callers];
        ExecutorService pool = Executors.newFixedThreadPool(callers + 2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger(callers);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int slot = c;
                futures.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom random = new SplittableRandom(slot);
                    try {
                        for (int i = 0; i < OPERATIONS / 2; i++) {
                            Session session = engine.openSession();
                            synchronized (published) {
                                published[slot] = session;
                            }
                            int k = random.nextInt(keys.length);
                            AcquireOutcome outcome = session.acquire(keys[k], LIMITS[k], Duration.ofMillis(3), TTL);
                            if (outcome instanceof Granted granted) {
                                assertThat(tokens.add(granted.grant().token())).isTrue();
                                session.release(keys[k], granted.grant().token()); // NotHeld if closed meanwhile
                            } else {
                                assertThat(outcome).isInstanceOfAny(TimedOut.class, SessionClosed.class);
                            }
                            if (random.nextBoolean()) {
                                session.enqueue(keys[k], LIMITS[k], TTL); // left for the close to clean up
                            }
                            session.close();
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (int c = 0; c < 2; c++) {
                int seed = 100 + c;
                futures.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom random = new SplittableRandom(seed);
                    while (running.get() > 0) {
                        Session victim;
                        synchronized (published) {
                            victim = published[random.nextInt(callers)];
                        }
                        if (victim != null) {
                            victim.close();
                        }
                        Thread.onSpinWait();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(25, TimeUnit.SECONDS);
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (ResourceKey key : keys) {
                    ResourceView view = engine.view(key).orElseThrow();
                    assertThat(view.holders()).isEmpty();
                    assertThat(view.waiters()).isZero();
                }
            });
            EngineInvariants.check(engine);
        } finally {
            pool.shutdownNow();
            engine.close();
        }
    }

    private long work(Engine engine, SplittableRandom random) throws Exception {
        Session session = engine.openSession();
        List<Held> held = new ArrayList<>();
        long calls = 0;
        for (int i = 0; i < OPERATIONS; i++) {
            int k = random.nextInt(keys.length);
            int op = random.nextInt(100);
            calls++;
            if (op < 35) {
                Duration timeout = Duration.ofMillis(random.nextInt(3));
                take(k, session.acquire(keys[k], LIMITS[k], timeout, TTL), held);
            } else if (op < 50) {
                EnqueueOutcome outcome = session.enqueue(keys[k], LIMITS[k], TTL);
                answered.incrementAndGet();
                if (outcome instanceof Acquired acquired) {
                    record(k, acquired.grant(), held);
                }
                if (outcome instanceof Acquired || outcome instanceof Queued) {
                    calls++;
                    WaitOutcome waited = session.awaitGrant(keys[k], Duration.ofMillis(random.nextInt(3)));
                    answered.incrementAndGet();
                    if (waited instanceof Granted granted && !(outcome instanceof Acquired)) {
                        record(k, granted.grant(), held);
                    }
                }
            } else if (op < 58) {
                CompletableFuture<AcquireOutcome> future =
                        session.acquireAsync(keys[k], LIMITS[k], Duration.ofMillis(2), TTL);
                if (random.nextBoolean()) {
                    future.cancel(true);
                }
                try {
                    take(k, future.get(5, TimeUnit.SECONDS), held);
                } catch (CancellationException cancelled) {
                    answered.incrementAndGet();
                }
            } else if (op < 95) {
                calls--;
                if (!held.isEmpty()) {
                    calls++;
                    Held h = held.remove(random.nextInt(held.size()));
                    inside[h.key].decrementAndGet();
                    assertThat(session.release(keys[h.key], h.grant.token())).isEqualTo(Released.INSTANCE);
                    answered.incrementAndGet();
                }
            } else {
                calls--;
                for (Held h : held) {
                    inside[h.key].decrementAndGet();
                }
                held.clear();
                session.close(); // auto-release hands every slot on
                session = engine.openSession();
            }
        }
        for (Held h : held) {
            inside[h.key].decrementAndGet();
        }
        session.close();
        return calls;
    }

    private void take(int k, AcquireOutcome outcome, List<Held> held) {
        answered.incrementAndGet();
        if (outcome instanceof Granted granted) {
            record(k, granted.grant(), held);
        } else {
            assertThat(outcome).isInstanceOfAny(TimedOut.class, Rejected.class, SessionClosed.class);
        }
    }

    private void record(int k, Grant grant, List<Held> held) {
        grants.incrementAndGet();
        tokens.add(grant.token());
        int now = inside[k].incrementAndGet();
        assertThat(now).as("holders of %s", keys[k]).isLessThanOrEqualTo(LIMITS[k]);
        held.add(new Held(k, grant));
    }

    private record Held(int key, Grant grant) {
    }
}
