package io.dflockd.bench;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One engine ({@link LockManager} with the default configuration) shared by the threads of a benchmark group; each
 * thread talks to it through its own {@link EngineCaller}. Only benchmarks that measure the engine use this state, so
 * baseline runs carry no engine threads.
 */
@State(Scope.Group)
public class SharedEngine {
    LockManager manager;
    final AtomicInteger callers = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() {
        manager = LockManager.create(LockManagerConfig.defaults());
    }

    @TearDown(Level.Trial)
    public void stop() {
        manager.close();
    }
}
