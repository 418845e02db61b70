package io.dflockd.bench;

import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * A semaphore of limit 4 on one key shared by 8 threads. Every thread loops: blocking acquire of one slot (it must be
 * granted), then release at once. Half the threads can hold at a time, so the score (operations per microsecond,
 * summed over the 8 threads) mixes fast-path grants with FIFO promotions of queued waiters.
 *
 * <p>Baselines in the same run: the {@link SynchronizedLockTable} reference with limit 4, and a fair
 * {@link Semaphore} of 4 permits (context).
 *
 * <p>Run: {@code java -jar dflockd-bench/target/benchmarks.jar SemaphoreHandoffBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SemaphoreHandoffBenchmark {
    private static final ResourceKey KEY = ResourceKey.of("semaphore");
    private static final int LIMIT = 4;
    /** Long enough never to pass while the benchmark runs: a timeout ends it with an exception. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The fair JDK semaphore of {@value #LIMIT} permits, shared by the group's threads. */
    @State(Scope.Group)
    public static class Baselines {
        final Semaphore fairSemaphore = new Semaphore(LIMIT, true);
    }

    @Benchmark
    @Group("engine8")
    @GroupThreads(8)
    public ReleaseOutcome engine8(EngineCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.session.acquire(KEY, LIMIT, PATIENCE));
        return Outcomes.released(caller.session.release(KEY, token));
    }

    @Benchmark
    @Group("synchronizedReference8")
    @GroupThreads(8)
    public ReleaseOutcome synchronizedReference8(ReferenceCaller caller) throws InterruptedException {
        Token token = Outcomes.tokenOf(caller.table.acquire(caller.owner, KEY, LIMIT, PATIENCE));
        return Outcomes.released(caller.table.release(KEY, token));
    }

    @Benchmark
    @Group("fairSemaphore8")
    @GroupThreads(8)
    public void fairSemaphore8(Baselines baselines) throws InterruptedException {
        baselines.fairSemaphore.acquire();
        baselines.fairSemaphore.release();
    }
}
