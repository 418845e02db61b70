package io.dflockd.bench;

import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.NanoClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One {@link SynchronizedLockTable} shared by the threads of a benchmark group, with the engine's default lease; each
 * thread uses it as its own {@link ReferenceCaller}.
 */
@State(Scope.Group)
public class SharedReference {
    SynchronizedLockTable table;
    final AtomicInteger callers = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() {
        table = new SynchronizedLockTable(NanoClock.system(), LockManagerConfig.defaults().defaultLeaseTtl());
    }
}
