package io.dflockd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dflockd.core.internal.Choices;

/**
 * The engine driven by random command sequences against a simple sequential model of SEMANTICS.md §2–§8
 * (coverage-guided with Jazzer, the commands drawn from the fuzzer's input; see {@code docs/fuzzing.md}). Each try
 * builds a manager on a {@link ManualNanoClock} (1–3 keys, limits 1–3, 1–4
 * sessions, auto-release on or off, small {@code maxWaiters}/{@code maxLocks}, garbage collection out of reach) and
 * runs up to 60 non-blocking commands: acquire with timeout 0, enqueue, awaitGrant with timeout 0, release and renew
 * with live, stale, foreign and bogus tokens, session close, and clock advances (sweeps every second, lease ends hit
 * exactly). After every command the model and the engine must agree on the outcome (kind, reject reason, token, lease)
 * and on every key's limit, live holders (lease remaining, by fence), waiter count, each open session's queue
 * position and a lock's owner; fences must grow with grant order (across commands, and per key within one).
 */
class EngineModelFuzzTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration DEFAULT_TTL = Duration.ofSeconds(3);

    /**
     * The corpus (regression run in CI) is in {@code EngineModelFuzzTestInputs/engineAgreesWithTheModel}; it holds
     * the seeded runs of the earlier tests as recorded choices ({@code seed_*}; seeds 6621 and -108331 found F-2).
     */
    @FuzzTest
    void engineAgreesWithTheModel(FuzzedDataProvider data) {
        new Run(Choices.of(data), "fuzzer input").execute();
    }

    /** The model: what SEMANTICS.md says the state is. */
    private static final class Holder {
        final int id;
        final int session;
        final int key;
        final long ttlNanos;
        final int step;
        long leaseEnd;
        Long fence; // null until the engine tells (a promoted grant's fence is first seen in a view)
        Token token; // null until a caller receives it

        Holder(int id, int session, int key, long ttlNanos, long leaseEnd, int step) {
            this.id = id;
            this.session = session;
            this.key = key;
            this.ttlNanos = ttlNanos;
            this.leaseEnd = leaseEnd;
            this.step = step;
        }
    }

    private record Waiting(int session, long ttlNanos) {
    }

    private static final class Key {
        final int limit;
        final List<Holder> holders = new ArrayList<>();
        final ArrayDeque<Waiting> waiters = new ArrayDeque<>();
        /** Two-phase entries: a {@link Waiting} (QUEUED) or a {@link Holder} (GRANTED, not collected). */
        final Map<Integer, Object> twoPhase = new HashMap<>();

        Key(int limit) {
            this.limit = limit;
        }
    }

    private static final class Run {
        final Choices random;
        final String origin;
        final ManualNanoClock clock = new ManualNanoClock();
        final int keyCount;
        final int maxLocks;
        final int maxWaiters;
        final boolean autoRelease;
        final List<Session> sessions = new ArrayList<>();
        final List<Set<Integer>> touched = new ArrayList<>();
        final Map<Integer, Key> keys = new LinkedHashMap<>();
        final List<Holder> grants = new ArrayList<>();
        final List<Token> knownTokens = new ArrayList<>();
        final StringBuilder log = new StringBuilder();
        long now;
        int step;

        Run(Choices choices, String origin) {
            this.origin = origin;
            this.random = choices;
            keyCount = 1 + random.nextInt(3);
            maxLocks = 1 + random.nextInt(3);
            maxWaiters = random.nextInt(3);
            autoRelease = random.nextBoolean();
        }

        void execute() {
            LockManagerConfig config = LockManagerConfig.builder().nanoClock(clock).defaultLeaseTtl(DEFAULT_TTL)
                    .leaseSweepInterval(Duration.ofSeconds(1)).gcInterval(Duration.ofDays(365))
                    .gcMaxIdle(Duration.ofDays(365)).maxLocks(maxLocks).maxWaiters(maxWaiters)
                    .autoReleaseOnSessionEnd(autoRelease).build();
            log.append(origin).append(" keys=").append(keyCount).append(" maxLocks=").append(maxLocks)
                    .append(" maxWaiters=").append(maxWaiters).append(" autoRelease=").append(autoRelease);
            try (LockManager manager = LockManager.create(config)) {
                int sessionCount = 1 + random.nextInt(4);
                for (int s = 0; s < sessionCount; s++) {
                    sessions.add(manager.openSession());
                    touched.add(new HashSet<>());
                }
                int steps = 1 + random.nextInt(60);
                for (step = 1; step <= steps; step++) {
                    one();
                    compare(manager);
                }
            } catch (AssertionError e) {
                throw new AssertionError(log + "\n" + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }

        private void one() throws InterruptedException {
            int s = random.nextInt(sessions.size());
            int k = random.nextInt(keyCount);
            ResourceKey key = ResourceKey.of("k" + k);
            int limit = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1 + k);
            Optional<Duration> ttl = random.nextInt(3) == 0 ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(1 + random.nextInt(4)));
            int choice = random.nextInt(20);
            if (choice < 5) {
                say("acquire s%d k%d limit %d ttl %s", s, k, limit, ttl);
                Outcome got = ttl.isPresent() ? sessions.get(s).acquire(key, limit, Duration.ZERO, ttl.get())
                        : sessions.get(s).acquire(key, limit, Duration.ZERO);
                expect(got, acquire(s, k, limit, ttlNanos(ttl), false));
            } else if (choice < 9) {
                say("enqueue s%d k%d limit %d ttl %s", s, k, limit, ttl);
                Outcome got = ttl.isPresent() ? sessions.get(s).enqueue(key, limit, ttl.get())
                        : sessions.get(s).enqueue(key, limit);
                expect(got, acquire(s, k, limit, ttlNanos(ttl), true));
            } else if (choice < 12) {
                say("awaitGrant s%d k%d", s, k);
                expect(sessions.get(s).awaitGrant(key, Duration.ZERO), await(s, k));
            } else if (choice < 15) {
                Token token = pickToken();
                int by = random.nextInt(sessions.size());
                say("release by s%d k%d %s", by, k, token);
                expect(sessions.get(by).release(key, token), release(k, token));
            } else if (choice < 17) {
                Token token = pickToken();
                int by = random.nextInt(sessions.size());
                say("renew by s%d k%d %s ttl %s", by, k, token, ttl);
                Outcome got = ttl.isPresent() ? sessions.get(by).renew(key, token, ttl.get())
                        : sessions.get(by).renew(key, token);
                expect(got, renew(k, token, ttl.orElse(DEFAULT_TTL)));
            } else if (choice < 18 && random.nextInt(3) == 0) {
                say("close s%d", s);
                sessions.get(s).close();
                close(s);
            } else {
                long step = advanceStep();
                say("advance %d ns", step);
                clock.advance(Duration.ofNanos(step));
                advance(step);
            }
        }

        private long advanceStep() {
            long nextEnd = Long.MAX_VALUE;
            for (Key key : keys.values()) {
                for (Holder holder : key.holders) {
                    if (holder.leaseEnd > now) {
                        nextEnd = Math.min(nextEnd, holder.leaseEnd);
                    }
                }
            }
            switch (random.nextInt(6)) {
                case 0:
                    return nextEnd == Long.MAX_VALUE ? SECOND : nextEnd - now; // exactly the lease end
                case 1:
                    return nextEnd == Long.MAX_VALUE ? 1 : nextEnd - now - 1;
                case 2:
                    return List.of(0L, 1L, 1_000_000L).get(random.nextInt(3));
                default:
                    return List.of(SECOND / 2, SECOND - 1, SECOND, 3 * SECOND / 2, 2 * SECOND, 5 * SECOND)
                            .get(random.nextInt(6));
            }
        }

        private Token pickToken() {
            if (knownTokens.isEmpty() || random.nextInt(6) == 0) {
                return new Token(random.nextLong(), random.nextLong());
            }
            Token known = knownTokens.get(random.nextInt(knownTokens.size()));
            return random.nextInt(10) == 0 ? new Token(known.fence(), known.salt() + 1) : known;
        }

        // ---- the model ------------------------------------------------------------------------------------------

        /** Acquire with timeout 0 ({@code twoPhase} false) or enqueue: SEMANTICS 2.1 and 5.2. */
        private Object acquire(int s, int k, int limit, long ttlNanos, boolean twoPhase) {
            if (!sessions.get(s).isOpen()) {
                return SessionClosed.INSTANCE; // first, with no side effect: no key is created for a closed session
            }
            Key key = keys.get(k);
            if (key == null) {
                if (keys.size() >= maxLocks) {
                    return RejectReason.MAX_LOCKS;
                }
                key = new Key(limit);
                keys.put(k, key);
            } else if (key.limit != limit) {
                return RejectReason.LIMIT_MISMATCH;
            }
            touched.get(s).add(k);
            upkeep(key);
            if (twoPhase && key.twoPhase.containsKey(s)) {
                return RejectReason.ALREADY_ENQUEUED;
            }
            if (key.holders.size() < key.limit && key.waiters.isEmpty()) {
                Holder holder = grant(s, k, ttlNanos);
                key.holders.add(holder);
                if (twoPhase) {
                    key.twoPhase.put(s, holder);
                }
                return holder;
            }
            if (maxWaiters > 0 && key.waiters.size() >= maxWaiters) {
                return RejectReason.MAX_WAITERS;
            }
            if (!twoPhase) {
                return TimedOut.INSTANCE;
            }
            Waiting waiting = new Waiting(s, ttlNanos);
            key.waiters.add(waiting);
            key.twoPhase.put(s, waiting);
            return Queued.INSTANCE;
        }

        private Object await(int s, int k) {
            if (!sessions.get(s).isOpen()) {
                return SessionClosed.INSTANCE;
            }
            Key key = keys.get(k);
            if (key == null) {
                return RejectReason.NOT_ENQUEUED;
            }
            if (key.twoPhase.get(s) instanceof Holder holder && key.holders.contains(holder)
                    && holder.leaseEnd <= now) {
                upkeep(key);
                return RejectReason.LEASE_EXPIRED;
            }
            upkeep(key);
            Object entry = key.twoPhase.remove(s);
            if (entry == null) {
                return RejectReason.NOT_ENQUEUED;
            }
            if (entry instanceof Holder holder) {
                holder.leaseEnd = now + holder.ttlNanos;
                return holder;
            }
            key.waiters.remove(entry);
            return TimedOut.INSTANCE;
        }

        private Object release(int k, Token token) {
            Key key = keys.get(k);
            Holder holder = liveHolder(key, token);
            if (holder == null) {
                return NotHeld.INSTANCE;
            }
            remove(key, holder);
            promote(k, key);
            return Released.INSTANCE;
        }

        private Object renew(int k, Token token, Duration ttl) {
            Holder holder = liveHolder(keys.get(k), token);
            if (holder == null) {
                return NotHeld.INSTANCE;
            }
            holder.leaseEnd = now + ttl.toNanos();
            return new Renewed(ttl);
        }

        /** SEMANTICS 7, for every key the session touched (the engine's session index). */
        private void close(int s) {
            for (int k : touched.get(s)) {
                Key key = keys.get(k);
                key.waiters.removeIf(w -> w.session() == s);
                key.twoPhase.remove(s);
                if (autoRelease) {
                    for (Holder holder : new ArrayList<>(key.holders)) {
                        if (holder.session == s) {
                            remove(key, holder);
                        }
                    }
                }
                upkeep(key);
            }
            touched.get(s).clear();
        }

        /** The clock moves; every whole second a sweep does the upkeep of every key with an ended lease. */
        private void advance(long stepNanos) {
            long target = now + stepNanos;
            for (long sweep = (now / SECOND + 1) * SECOND; sweep <= target; sweep += SECOND) {
                now = sweep;
                for (Key key : keys.values()) {
                    if (key.holders.stream().anyMatch(h -> h.leaseEnd <= now)) {
                        upkeep(key);
                    }
                }
            }
            now = target;
        }

        /** SEMANTICS 3.3: ended leases go (with the two-phase entries on them), then waiters are promoted. */
        private void upkeep(Key key) {
            for (Holder holder : new ArrayList<>(key.holders)) {
                if (holder.leaseEnd <= now) {
                    remove(key, holder);
                }
            }
            promote(keyIndex(key), key);
        }

        private void promote(int k, Key key) {
            while (key.holders.size() < key.limit && !key.waiters.isEmpty()) {
                Waiting head = key.waiters.poll();
                Holder holder = grant(head.session(), k, head.ttlNanos());
                key.holders.add(holder);
                key.twoPhase.put(head.session(), holder);
            }
        }

        private void remove(Key key, Holder holder) {
            key.holders.remove(holder);
            key.twoPhase.values().removeIf(entry -> entry == holder);
        }

        private Holder grant(int s, int k, long ttlNanos) {
            Holder holder = new Holder(grants.size(), s, k, ttlNanos, now + ttlNanos, step);
            grants.add(holder);
            return holder;
        }

        /** The holder of {@code token} on {@code key} after expiring ended leases; null if none (or no such key). */
        private Holder liveHolder(Key key, Token token) {
            if (key == null) {
                return null;
            }
            upkeep(key);
            return holderOf(key, token);
        }

        private Holder holderOf(Key key, Token token) {
            for (Holder holder : key.holders) {
                if (token.equals(holder.token)) {
                    return holder;
                }
            }
            return null;
        }

        private int keyIndex(Key key) {
            for (Map.Entry<Integer, Key> entry : keys.entrySet()) {
                if (entry.getValue() == key) {
                    return entry.getKey();
                }
            }
            throw new IllegalStateException("unknown key");
        }

        private static long ttlNanos(Optional<Duration> ttl) {
            return ttl.orElse(DEFAULT_TTL).toNanos();
        }

        // ---- comparison -----------------------------------------------------------------------------------------

        private void expect(Outcome got, Object expected) {
            if (expected instanceof RejectReason reason) {
                assertThat(got).as("outcome").isEqualTo(new Rejected(reason));
            } else if (expected instanceof Holder holder) {
                Grant grant = got instanceof Granted granted ? granted.grant()
                        : got instanceof Acquired acquired ? acquired.grant() : null;
                assertThat(grant).as("a grant, got %s", got).isNotNull();
                assertThat(grant.key()).isEqualTo(ResourceKey.of("k" + holder.key));
                assertThat(grant.leaseTtl()).isEqualTo(Duration.ofNanos(holder.ttlNanos));
                boolean enqueueFastPath = got instanceof Acquired;
                assertThat(enqueueFastPath || got instanceof Granted).isTrue();
                if (holder.token != null) {
                    assertThat(grant.token()).as("collected token").isEqualTo(holder.token);
                } else {
                    if (holder.fence == null) {
                        learnFence(holder, grant.token().fence());
                    }
                    assertThat(grant.token().fence()).as("fence of grant %d", holder.id).isEqualTo(holder.fence);
                    assertThat(knownTokens).as("token reused").doesNotContain(grant.token());
                    holder.token = grant.token();
                    knownTokens.add(grant.token());
                }
            } else {
                assertThat(got).as("outcome").isEqualTo(expected);
            }
        }

        private void compare(LockManager manager) {
            for (int k = 0; k < keyCount; k++) {
                ResourceKey resourceKey = ResourceKey.of("k" + k);
                Key key = keys.get(k);
                Optional<ResourceView> view = manager.view(resourceKey);
                assertThat(view.isPresent()).as("k%d exists", k).isEqualTo(key != null);
                if (key == null) {
                    continue;
                }
                ResourceView seen = view.orElseThrow();
                assertThat(seen.limit()).as("k%d limit", k).isEqualTo(key.limit);
                assertThat(seen.waiters()).as("k%d waiters", k).isEqualTo(key.waiters.size());
                List<Holder> live = key.holders.stream().filter(h -> h.leaseEnd > now)
                        .sorted(Comparator.comparingInt(h -> h.id)).toList();
                assertThat(seen.holders()).as("k%d holders", k).hasSize(live.size());
                List<ResourceView.HolderView> unknownFences = new ArrayList<>();
                for (ResourceView.HolderView holderView : seen.holders()) {
                    if (live.stream().noneMatch(h -> h.fence != null && h.fence == holderView.fence())) {
                        unknownFences.add(holderView);
                    }
                }
                List<Holder> unknown = live.stream().filter(h -> h.fence == null).toList();
                assertThat(unknownFences).as("k%d holders the model cannot name", k).hasSize(unknown.size());
                for (int i = 0; i < unknown.size(); i++) {
                    learnFence(unknown.get(i), unknownFences.get(i).fence());
                }
                for (Holder holder : live) {
                    ResourceView.HolderView holderView = seen.holders().stream()
                            .filter(v -> v.fence() == holder.fence).findFirst().orElseThrow();
                    assertThat(holderView.leaseRemaining()).as("k%d lease of grant %d", k, holder.id)
                            .isEqualTo(Duration.ofNanos(holder.leaseEnd - now));
                }
                for (int s = 0; s < sessions.size(); s++) {
                    if (!sessions.get(s).isOpen()) {
                        continue;
                    }
                    int position = 0;
                    int index = 0;
                    for (Waiting waiting : key.waiters) {
                        index++;
                        if (waiting.session() == s) {
                            position = index;
                            break;
                        }
                    }
                    ResourceView own = sessions.get(s).view(resourceKey).orElseThrow();
                    assertThat(own.queuePosition().orElse(0)).as("k%d queue position of s%d", k, s)
                            .isEqualTo(position);
                }
                if (key.limit == 1 && live.size() == 1) {
                    long owner = sessions.get(live.get(0).session).id();
                    assertThat(manager.stats().locks()).as("k%d owner", k)
                            .anyMatch(entry -> entry.key().equals(resourceKey) && entry.ownerSessionId() == owner);
                }
            }
        }

        /** A grant's fence, first seen (in an outcome or a view): it must respect grant order and be new. */
        private void learnFence(Holder holder, long fence) {
            for (Holder other : grants) {
                if (other == holder || other.fence == null) {
                    continue;
                }
                assertThat(other.fence.longValue()).as("fence reused").isNotEqualTo(fence);
                boolean otherFirst = other.step < holder.step || (other.key == holder.key && other.id < holder.id);
                boolean holderFirst = holder.step < other.step || (other.key == holder.key && holder.id < other.id);
                if (otherFirst) {
                    assertThat(Long.compareUnsigned(other.fence, fence)).as("fence order").isNegative();
                } else if (holderFirst) {
                    assertThat(Long.compareUnsigned(fence, other.fence)).as("fence order").isNegative();
                }
            }
            holder.fence = fence;
        }

        private void say(String format, Object... args) {
            log.append('\n').append(step).append(": ").append(String.format(format, args));
        }
    }
}
