package io.dflockd.bench;

import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 8 threads, each locking its own key (limit 1) through one shared engine: uncontended per key, in parallel. One
 * operation is a try-acquire ({@link Duration#ZERO}) that must be granted, then the release. The score (operations
 * per microsecond, summed over the 8 threads) shows what the engine's shared structures (the key map, the fence
 * counter, session bookkeeping) cost when different keys run at once; on 2 cores the ideal is about twice the
 * single-thread rate of {@link UncontendedBenchmark}.
 *
 * <p>Baselines in the same run: one shared {@link SynchronizedLockTable} with the same 8 keys, and per-thread fair
 * {@link ReentrantLock}s and fair {@link Semaphore}s (context: nothing shared at all).
 *
 * <p>Run: {@code java -jar dflockd-bench/target/benchmarks.jar DistinctKeysBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DistinctKeysBenchmark {

    /** Each thread's own fair lock and fair semaphore. */
    @State(Scope.Thread)
    public static class Baselines {
        final ReentrantLock fairLock = new ReentrantLock(true);
        final Semaphore fairSemaphore = new Semaphore(1, true);
    }

    /** The key of the thread with {@code index} (from 1) in its group. */
    static ResourceKey keyOf(int index) {
        return ResourceKey.of("distinct-" + index);
    }

    /** A thread's key, computed once per trial so that the measured loop does not build it. */
    @State(Scope.Thread)
    public static class EngineKey {
        ResourceKey key;

        @Setup(Level.Trial)
        public void choose(EngineCaller caller) {
            key = keyOf(caller.index);
        }
    }

    /** A thread's key in the reference, computed once per trial. */
    @State(Scope.Thread)
    public static class ReferenceKey {
        ResourceKey key;

        @Setup(Level.Trial)
        public void choose(ReferenceCaller caller) {
            key = keyOf(caller.owner);
        }
    }

    @Benchmark
    @Group("engine8")
    @GroupThreads(8)
    public ReleaseOutcome engine8(EngineCaller caller, EngineKey key) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.session.acquire(key.key, 1, Duration.ZERO));
        return Outcomes.released(caller.session.release(key.key, token));
    }

    @Benchmark
    @Group("synchronizedReference8")
    @GroupThreads(8)
    public ReleaseOutcome synchronizedReference8(ReferenceCaller caller, ReferenceKey key)
            throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.table.acquire(caller.owner, key.key, 1, Duration.ZERO));
        return Outcomes.released(caller.table.release(key.key, token));
    }

    @Benchmark
    @Group("fairReentrantLock8")
    @GroupThreads(8)
    public void fairReentrantLock8(Baselines baselines) {
        baselines.fairLock.lock();
        baselines.fairLock.unlock();
    }

    @Benchmark
    @Group("fairSemaphore8")
    @GroupThreads(8)
    public void fairSemaphore8(Baselines baselines) throws InterruptedException {
        baselines.fairSemaphore.acquire();
        baselines.fairSemaphore.release();
    }
}
