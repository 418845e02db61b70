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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended acquire + release of a lock (limit 1) in one thread: the cost every caller pays when nobody else wants
 * the key. One operation is a try-acquire ({@link Duration#ZERO}, so never queued) that must be granted, then a release
 * by token that must succeed. In the engine this is the inline fast path (the caller becomes the drainer of an empty
 * mailbox). The targets: &le; 150 ns/op (stretch 100), &le; 100 B/op, and within 1.1&times; of
 * {@link #synchronizedReference}.
 *
 * <p>Baselines in the same run: the {@link SynchronizedLockTable} reference (same outcome objects, tokens and fences),
 * a fair {@link ReentrantLock} and a fair {@link Semaphore} of one permit (no tokens, no leases: the floor).
 *
 * <p>Run: {@code java -jar dflockd-bench/target/benchmarks.jar UncontendedBenchmark -prof gc} and read
 * {@code gc.alloc.rate.norm} for bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UncontendedBenchmark {
    private static final ResourceKey KEY = ResourceKey.of("uncontended");

    /** The JDK primitives, one of each per thread. */
    @State(Scope.Thread)
    public static class Baselines {
        final ReentrantLock fairLock = new ReentrantLock(true);
        final Semaphore fairSemaphore = new Semaphore(1, true);
    }

    /** The engine: {@code Session.acquire(key, 1, ZERO)} then {@code Session.release(key, token)}. */
    @Benchmark
    public ReleaseOutcome engine(EngineCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.session.acquire(KEY, 1, Duration.ZERO));
        return Outcomes.released(caller.session.release(KEY, token));
    }

    /** The synchronized-per-key reference, same calls. */
    @Benchmark
    public ReleaseOutcome synchronizedReference(ReferenceCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.table.acquire(caller.owner, KEY, 1, Duration.ZERO));
        return Outcomes.released(caller.table.release(KEY, token));
    }

    /** Context: fair {@code ReentrantLock.lock()} + {@code unlock()}. */
    @Benchmark
    public void fairReentrantLock(Baselines baselines) {
        baselines.fairLock.lock();
        baselines.fairLock.unlock();
    }

    /** Context: fair {@code Semaphore.acquire()} + {@code release()} ({@code tryAcquire()} would barge). */
    @Benchmark
    public void fairSemaphore(Baselines baselines) throws InterruptedException {
        baselines.fairSemaphore.acquire();
        baselines.fairSemaphore.release();
    }
}
