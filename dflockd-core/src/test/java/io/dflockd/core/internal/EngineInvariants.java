package io.dflockd.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariant checker run after engine tests: every resource's {@link KeyState} invariants, the engine idle (no
 * command queued, nobody draining), the resource count equal to the map, and every session index entry pointing at a
 * live or retired resource of this engine.
 */
final class EngineInvariants {
    private EngineInvariants() {
    }

    static void check(Engine engine) {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Resource resource : engine.resources()) {
            count++;
            if (!resource.isQuiet()) {
                problems.add(resource + ": not idle");
                continue;
            }
            if (!resource.tryEnter()) {
                problems.add(resource + ": could not enter");
                continue;
            }
            try {
                KeyState state = resource.enteredState();
                String violation = state == null ? null : state.invariantViolation();
                if (violation != null) {
                    problems.add(resource + ": " + violation);
                }
            } finally {
                resource.exit();
            }
        }
        if (count != engine.resourceCount()) {
            problems.add("resource count " + engine.resourceCount() + " but " + count + " in the map");
        }
        for (EngineSession session : engine.openSessions()) {
            for (Resource resource : session.touchedResources()) {
                if (!resource.isRetired() && engine.liveResource(resource.key) != resource) {
                    problems.add(session + " indexes a resource that is neither live nor retired: " + resource);
                }
            }
        }
        assertThat(problems).as("engine invariants").isEmpty();
    }
}
