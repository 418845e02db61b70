package io.dflockd.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One benchmark thread's client of the {@link SharedReference}: its owner id, which is also its index (from 1). */
@State(Scope.Thread)
public class ReferenceCaller {
    SynchronizedLockTable table;
    int owner;

    @Setup(Level.Trial)
    public void open(SharedReference reference) {
        table = reference.table;
        owner = reference.callers.incrementAndGet();
    }
}
