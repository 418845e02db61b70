package io.dflockd.bench;

import io.dflockd.core.Token;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of minting one token: the next value of one global fence counter plus 64 random bits of salt from a
 * CSPRNG, kept as a {@link Token} (two longs). The target for the engine is &le; 30 ns per token.
 *
 * <p>The engine mints inside its internal (non-exported) package, so this benchmark does not call it; the engine's
 * share is read from a profile of {@link UncontendedBenchmark#engine()} (see the README). What is measured here is
 * the two ways to get the salt: the JDK's default {@link SecureRandom}, which is one process-wide lock (the cost the
 * issue warns about), and the per-thread AES-CTR keystream ({@link AesCtrSalts}) that the
 * {@link SynchronizedLockTable} reference uses. The two-thread variants show what sharing the generator costs.
 *
 * <p>Run: {@code java -jar dflockd-bench/target/benchmarks.jar TokenMintingBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenMintingBenchmark {
    private final SecureRandom sharedSecureRandom = new SecureRandom();
    private final AtomicLong fences = new AtomicLong(System.currentTimeMillis() * 1_000_000L);

    /** Salt from one shared default {@code SecureRandom} (NativePRNG on Linux), one thread. */
    @Benchmark
    public Token sharedSecureRandom() {
        return new Token(fences.incrementAndGet(), sharedSecureRandom.nextLong());
    }

    /** Salt from one shared default {@code SecureRandom}, two threads minting at once. */
    @Benchmark
    @Threads(2)
    public Token sharedSecureRandom2Threads() {
        return new Token(fences.incrementAndGet(), sharedSecureRandom.nextLong());
    }

    /** Salt from the calling thread's AES-CTR keystream, one thread. */
    @Benchmark
    public Token aesCtrPerThread() {
        return new Token(fences.incrementAndGet(), AesCtrSalts.next());
    }

    /** Salt from each thread's own AES-CTR keystream, two threads minting at once (they share the fence counter). */
    @Benchmark
    @Threads(2)
    public Token aesCtrPerThread2Threads() {
        return new Token(fences.incrementAndGet(), AesCtrSalts.next());
    }
}
