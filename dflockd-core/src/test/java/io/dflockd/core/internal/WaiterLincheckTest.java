package io.dflockd.core.internal;

import io.dflockd.core.Grant;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.SessionClosed;
import io.dflockd.core.TimedOut;
import io.dflockd.core.Token;
import java.time.Duration;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of {@link Waiter}: the drainer's grant racing a requester's timeout and a session-close
 * cancel (invariants 1-3), and the lease of an undelivered grant racing delivery, renew and expiry (invariant 4).
 * Every interleaving must be linearizable against the same operations run one at a time. Drainer-only operations
 * share a non-parallel group, so they run on one thread, as in the engine.
 */
public class WaiterLincheckTest {
    private static final Grant GRANT = new Grant(ResourceKey.of("k"), new Token(1, 2), Duration.ofSeconds(10));

    private final Waiter waiter = new Waiter(null, Duration.ofSeconds(10), 10, true, 1, null);

    /** Lincheck creates one instance per scenario. */
    public WaiterLincheckTest() {
    }

    /** The drainer grants, with a lease ending at 10. */
    @Operation(nonParallelGroup = "drainer")
    public boolean grant() {
        return waiter.tryGrant(GRANT, 10);
    }

    /** The requester's timeout. */
    @Operation
    public boolean timeout() {
        return waiter.tryCancel(TimedOut.INSTANCE);
    }

    /** The drainer, on session close. */
    @Operation(nonParallelGroup = "drainer")
    public boolean sessionClosed() {
        return waiter.tryCancel(SessionClosed.INSTANCE);
    }

    /** What the requester would see: nothing yet, the grant, or which cancellation won. */
    @Operation
    public String decision() {
        Object decision = waiter.decision();
        return decision == null ? "waiting" : decision == GRANT ? "granted" : decision.toString();
    }

    /** Delivery at time 5: restarts the lease (ends at 15) if it is still valid. */
    @Operation
    public boolean deliver() {
        return waiter.decision() == GRANT && waiter.deliver(5);
    }

    /** The drainer's lazy upkeep at time 12: revokes the lease if it has ended by then. */
    @Operation(nonParallelGroup = "drainer")
    public boolean expireAt12() {
        return waiter.decision() == GRANT && waiter.expireIfEnded(12);
    }

    /** The drainer applies a release by the grant's token (its bearer) before or after delivery. */
    @Operation(nonParallelGroup = "drainer")
    public boolean releasedByBearer() {
        if (waiter.decision() != GRANT || waiter.leaseEnd() == Waiter.RELEASED || waiter.leaseEnd() == Waiter.REVOKED) {
            return false;
        }
        waiter.revoke(true);
        return true;
    }

    @Operation
    public long leaseEnd() {
        return waiter.decision() == GRANT ? waiter.leaseEnd() : -1;
    }

    @Test
    void grantCancelAndLeaseRacesAreLinearizable() {
        new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(200)
                .threads(3)
                .actorsPerThread(2)
                .check(WaiterLincheckTest.class);
    }
}
