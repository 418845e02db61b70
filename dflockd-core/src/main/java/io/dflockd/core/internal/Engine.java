package io.dflockd.core.internal;

import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;

/** Placeholder until the engine lands (replaced by the engine implementation). */
public final class Engine {
    private Engine() {
    }

    public static LockManager start(LockManagerConfig config) {
        throw new UnsupportedOperationException("engine not implemented yet: " + config);
    }
}
