package io.dflockd.core.internal;

import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ManualNanoClock;
import io.dflockd.core.Token;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** An engine on a manual clock with scripted fences: deterministic, no timer threads, no sleeping. */
final class EngineFixture implements AutoCloseable {
    final ManualNanoClock clock = new ManualNanoClock(1_000_000_000L);
    final ScriptedFenceSource fences = new ScriptedFenceSource();
    final Engine engine;

    EngineFixture() {
        this(b -> b);
    }

    EngineFixture(UnaryOperator<LockManagerConfig.Builder> settings) {
        LockManagerConfig config = settings.apply(LockManagerConfig.builder().nanoClock(clock)).build();
        engine = new Engine(config, fences, fence -> new Token(fence, fence * 31 + 7));
    }

    void advance(Duration step) {
        clock.advance(step);
    }

    void advanceSeconds(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    @Override
    public void close() {
        try {
            EngineInvariants.check(engine);
        } finally {
            engine.close();
        }
    }
}
