package io.dflockd.bench;

import io.dflockd.core.Session;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One benchmark thread's client of the {@link SharedEngine}: its own session, and its index in the group (from 1). */
@State(Scope.Thread)
public class EngineCaller {
    Session session;
    int index;

    @Setup(Level.Trial)
    public void open(SharedEngine engine) {
        index = engine.callers.incrementAndGet();
        session = engine.manager.openSession();
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }
}
