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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Contended hand-off of one lock (limit 1, one key) between 2, 4 and 8 threads. Every thread loops: blocking acquire
 * (it must be granted), then release at once. With nothing done while holding, almost every acquire queues behind the
 * holder, so the score (operations per microsecond, summed over the group's threads) is the rate at which the slot
 * moves from one thread to the next in FIFO order: release, promote the head waiter, wake it.
 *
 * <p>Targets of the issue (engine): 2 threads &ge; 2 ops/&micro;s and &ge; 10&times; the {@link SynchronizedLockTable}
 * reference (which parks without spinning, so each of its hand-offs is a park/unpark round trip); 4 threads at least
 * the reference. Fair {@link ReentrantLock} and fair {@link Semaphore} are context only: on 2 vCPUs their contended
 * numbers swing with scheduling.
 *
 * <p>Group names are {@code <implementation><threads>}. Run all:
 * {@code java -jar dflockd-bench/target/benchmarks.jar ContendedHandoffBenchmark}; one thread count:
 * {@code ... 'ContendedHandoffBenchmark.*2$'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContendedHandoffBenchmark {
    private static final ResourceKey KEY = ResourceKey.of("hand-off");
    /** Long enough never to pass while the benchmark runs: a timeout ends it with an exception. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The JDK primitives, shared by the group's threads. */
    @State(Scope.Group)
    public static class Baselines {
        final ReentrantLock fairLock = new ReentrantLock(true);
        final Semaphore fairSemaphore = new Semaphore(1, true);
    }

    static ReleaseOutcome engine(EngineCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.session.acquire(KEY, 1, PATIENCE));
        return Outcomes.released(caller.session.release(KEY, token));
    }

    static ReleaseOutcome reference(ReferenceCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.table.acquire(caller.owner, KEY, 1, PATIENCE));
        return Outcomes.released(caller.table.release(KEY, token));
    }

    static void fairLock(Baselines baselines) {
        baselines.fairLock.lock();
        baselines.fairLock.unlock();
    }

    static void fairSemaphore(Baselines baselines) throws InterruptedException {
        baselines.fairSemaphore.acquire();
        baselines.fairSemaphore.release();
    }

    @Benchmark
    @Group("engine2")
    @GroupThreads(2)
    public ReleaseOutcome engine2(EngineCaller caller) throws InterruptedException {
        return engine(caller);
    }

    @Benchmark
    @Group("engine4")
    @GroupThreads(4)
    public ReleaseOutcome engine4(EngineCaller caller) throws InterruptedException {
        return engine(caller);
    }

    @Benchmark
    @Group("engine8")
    @GroupThreads(8)
    public ReleaseOutcome engine8(EngineCaller caller) throws InterruptedException {
        return engine(caller);
    }

    @Benchmark
    @Group("synchronizedReference2")
    @GroupThreads(2)
    public ReleaseOutcome synchronizedReference2(ReferenceCaller caller) throws InterruptedException {
        return reference(caller);
    }

    @Benchmark
    @Group("synchronizedReference4")
    @GroupThreads(4)
    public ReleaseOutcome synchronizedReference4(ReferenceCaller caller) throws InterruptedException {
        return reference(caller);
    }

    @Benchmark
    @Group("synchronizedReference8")
    @GroupThreads(8)
    public ReleaseOutcome synchronizedReference8(ReferenceCaller caller) throws InterruptedException {
        return reference(caller);
    }

    @Benchmark
    @Group("fairReentrantLock2")
    @GroupThreads(2)
    public void fairReentrantLock2(Baselines baselines) {
        fairLock(baselines);
    }

    @Benchmark
    @Group("fairReentrantLock4")
    @GroupThreads(4)
    public void fairReentrantLock4(Baselines baselines) {
        fairLock(baselines);
    }

    @Benchmark
    @Group("fairReentrantLock8")
    @GroupThreads(8)
    public void fairReentrantLock8(Baselines baselines) {
        fairLock(baselines);
    }

    @Benchmark
    @Group("fairSemaphore2")
    @GroupThreads(2)
    public void fairSemaphore2(Baselines baselines) throws InterruptedException {
        fairSemaphore(baselines);
    }

    @Benchmark
    @Group("fairSemaphore4")
    @GroupThreads(4)
    public void fairSemaphore4(Baselines baselines) throws InterruptedException {
        fairSemaphore(baselines);
    }

    @Benchmark
    @Group("fairSemaphore8")
    @GroupThreads(8)
    public void fairSemaphore8(Baselines baselines) throws InterruptedException {
        fairSemaphore(baselines);
    }
}
