package io.dflockd.core.internal;

import io.dflockd.core.Granted;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ManualNanoClock;
import io.dflockd.core.Released;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of the drain loop ({@link Resource}): concurrent try-locks, releases and views on one key,
 * through the inline fast path and the mailbox, must behave as a plain lock run one operation at a time, and every
 * caller must get its answer (a stranded command would leave a caller parked forever, which Lincheck reports as a
 * deadlock). The minter gives every grant the same token so that {@code unlock} can name the current holder.
 *
 * <p>Each invocation builds its own engine (an engine shared between invocations would keep the locks of invocations
 * that Lincheck aborted). By default the check uses Lincheck's stress strategy (real threads, many runs, results
 * checked for linearizability, a hang reported): model checking the whole engine path (map, session index, mailbox,
 * drain, parking) costs about a second per invocation on two cores, which exceeds both Lincheck's invocation timeout
 * under load and CI's budget. {@code -Ddflockd.lincheck.drain=model} runs the model checker instead (it is what
 * found that a grant released by its bearer before delivery was reported as LEASE_EXPIRED).
 */
public class DrainLoopLincheckTest {
    private static final Token TOKEN = new Token(1, 1);
    private static final ResourceKey KEY = ResourceKey.of("k");

    private final Engine engine = new Engine(LockManagerConfig.builder().nanoClock(new ManualNanoClock()).build(),
            new ScriptedFenceSource(), fence -> TOKEN);
    private final Session session = engine.openSession();

    /** Lincheck creates one instance per scenario. */
    public DrainLoopLincheckTest() {
    }

    @Operation
    public boolean tryLock() throws InterruptedException {
        return session.acquire(KEY, 1, Duration.ZERO) instanceof Granted;
    }

    @Operation
    public boolean unlock() {
        return session.release(KEY, TOKEN) == Released.INSTANCE;
    }

    @Operation
    public int holders() {
        return engine.view(KEY).map(view -> view.holders().size()).orElse(0);
    }

    @Test
    void everyCommandIsAppliedOnceInSomeOrderAndAnswered() {
        if ("model".equals(System.getProperty("dflockd.lincheck.drain"))) {
            new ModelCheckingOptions()
                    .iterations(Integer.getInteger("dflockd.lincheck.iterations", 3))
                    .invocationsPerIteration(Integer.getInteger("dflockd.lincheck.invocations", 30))
                    .threads(3)
                    .actorsPerThread(2)
                    .check(DrainLoopLincheckTest.class);
        } else {
            new StressOptions()
                    .iterations(Integer.getInteger("dflockd.lincheck.iterations", 30))
                    .invocationsPerIteration(Integer.getInteger("dflockd.lincheck.invocations", 300))
                    .threads(3)
                    .actorsPerThread(3)
                    .check(DrainLoopLincheckTest.class);
        }
    }
}
