package io.dflockd.client;

import io.dflockd.protocol.Request;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's life inside a {@link Holder}: from connecting, through queued and held, to its end. A holder
 * replaces its tenure on every {@code acquire}/{@code enqueue}; a tenure is never reused.
 *
 * <pre>
 *  CONNECTING --markQueued()--> QUEUED       operation thread; enqueue answered "queued"
 *  CONNECTING --markHeld()----> HELD         operation thread; a grant arrived (also QUEUED --markHeld()--> HELD)
 *  HELD       --lose()--------> LOST         renewal thread; the first renewal failure
 *  any live   --end()---------> ENDED        any thread; a deliberate stop (release, close, abandon, new acquire,
 *                                            interruption, timeout, error)
 * </pre>
 *
 * <p>Invariants: (1) LOST and ENDED are terminal and exactly one transition out of HELD succeeds, so a deliberate
 * stop is never reported as a loss and a loss is reported once; (2) the grant and lease fields are written before
 * the CAS to HELD and read only after observing HELD; (3) whoever wins the move to LOST closes the connection and
 * notifies, outside every lock; whoever moves a live tenure to ENDED owns the connection's fate (release or close).
 */
final class Tenure {
    enum Phase { CONNECTING, QUEUED, HELD, LOST, ENDED }

    private static final Logger LOG = LoggerFactory.getLogger(Tenure.class);
    private static final SecureRandom JITTER = new SecureRandom();
    private static final long MIN_RENEW_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    final DflockdConnection connection;
    private final HolderConfig config;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.CONNECTING);
    private final CompletableFuture<LeaseLostEvent> leaseLost = new CompletableFuture<>();
    // written before the CAS to HELD (invariant 2) and by the renewal thread after each successful renew
    private volatile Grant grant;
    private volatile long leaseSeconds;
    private volatile long leaseEndNanos;
    private volatile ScheduledFuture<?> nextRenewal;
    /** Set when enqueue answered "acquired": the next await() returns true without a round trip. */
    private volatile boolean uncollectedFastPath;

    Tenure(HolderConfig config, HostPort server) {
        this.config = config;
        this.connection = new DflockdConnection(server, config.connectOptions());
    }

    Phase phase() {
        return phase.get();
    }

    /** Whether a grant is held, its renewal has not failed, and its lease has not run out on the client's clock. */
    boolean isHeld() {
        return phase.get() == Phase.HELD && System.nanoTime() - leaseEndNanos < 0;
    }

    /** The grant while held. */
    Optional<Grant> heldGrant() {
        Grant current = grant;
        return phase.get() == Phase.HELD ? Optional.ofNullable(current) : Optional.empty();
    }

    long leaseSeconds() {
        return phase.get() == Phase.HELD ? leaseSeconds : 0;
    }

    /** The lease-lost future of this tenure's grant. */
    CompletableFuture<LeaseLostEvent> leaseLost() {
        return leaseLost;
    }

    /** Operation thread: enqueue answered "queued". False if the tenure ended meanwhile. */
    boolean markQueued() {
        return phase.compareAndSet(Phase.CONNECTING, Phase.QUEUED);
    }

    /**
     * Operation thread: a grant arrived; starts renewal. {@code leaseStartNanos} is the client-side instant from
     * which the lease is counted (see {@link Holder}). False if the tenure ended meanwhile: the caller then owns
     * the grant's fate.
     */
    boolean markHeld(Grant granted, long leaseStartNanos, boolean fastPath) {
        grant = granted; // invariant 2: publish before the CAS
        leaseSeconds = granted.leaseSeconds();
        leaseEndNanos = leaseStartNanos + TimeUnit.SECONDS.toNanos(granted.leaseSeconds());
        uncollectedFastPath = fastPath;
        Phase from = phase.get();
        if ((from != Phase.CONNECTING && from != Phase.QUEUED) || !phase.compareAndSet(from, Phase.HELD)) {
            return false;
        }
        scheduleRenewal();
        return true;
    }

    /** Operation thread: {@code await} after an enqueue fast path consumes that grant once. */
    boolean collectFastPath() {
        boolean was = uncollectedFastPath;
        uncollectedFastPath = false;
        return was && phase.get() == Phase.HELD;
    }

    /** Any thread: a deliberate stop. Returns the phase it ended from (LOST or ENDED if it had already ended). */
    Phase end() {
        while (true) {
            Phase current = phase.get();
            if (current == Phase.LOST || current == Phase.ENDED) {
                return current;
            }
            if (phase.compareAndSet(current, Phase.ENDED)) {
                ScheduledFuture<?> timer = nextRenewal;
                if (timer != null) {
                    timer.cancel(false);
                }
                return current;
            }
        }
    }

    /** The grant as it was when the tenure ended (for the release that follows {@link #end()}). */
    Grant lastGrant() {
        return grant;
    }

    /** The renew request for this grant. */
    private Request.Renew renewRequest(Grant held) {
        return config.semaphore()
                ? Request.Renew.semaphore(config.wireKey(), held.token(), config.leaseTtl())
                : Request.Renew.lock(config.wireKey(), held.token(), config.leaseTtl());
    }

    /**
     * Interval: leaseSeconds × renewRatio × (1 − U × renewJitter), U uniform in [0, 1) from a CSPRNG, at least
     * 1 ms. Jitter only makes renewal earlier.
     */
    private void scheduleRenewal() {
        long delayNanos = renewDelayNanos(leaseSeconds, config.renewRatio(), config.renewJitter(), JITTER.nextDouble());
        if (phase.get() != Phase.HELD) {
            return;
        }
        nextRenewal = ClientThreads.SCHEDULER.schedule(
                () -> ClientThreads.IO.execute(this::renewOnce), delayNanos, TimeUnit.NANOSECONDS);
        if (phase.get() != Phase.HELD) {
            nextRenewal.cancel(false); // ended between the check and the schedule
        }
    }

    /** {@code leaseSeconds × ratio × (1 − u × jitter)} in nanoseconds, at least 1 ms; {@code u} in [0, 1). */
    static long renewDelayNanos(long leaseSeconds, double ratio, double jitter, double u) {
        double factor = ratio * (1.0 - u * jitter);
        return Math.max(MIN_RENEW_DELAY_NANOS, (long) (TimeUnit.SECONDS.toNanos(leaseSeconds) * factor));
    }

    /**
     * Renewal thread. Sends the renew on the grant's connection and waits for its reply at most until the current
     * lease end; the first failure of any kind ends the grant as LOST. No retry.
     */
    private void renewOnce() {
        Grant held = grant;
        if (phase.get() != Phase.HELD || held == null) {
            return;
        }
        long sentNanos = System.nanoTime();
        try {
            long renewed = connection.renewBefore(renewRequest(held), leaseEndNanos);
            leaseSeconds = renewed;
            leaseEndNanos = sentNanos + TimeUnit.SECONDS.toNanos(renewed);
            LOG.debug("renewed {} {} for {} s", config.key(), held, renewed);
            scheduleRenewal();
        } catch (DflockdException e) {
            lose(e);
        } catch (RuntimeException e) {
            lose(new ProtocolException("renewal failed unexpectedly: " + e, null, e));
        }
    }

    /** Renewal thread: invariant 1 and 3. */
    private void lose(DflockdException cause) {
        if (!phase.compareAndSet(Phase.HELD, Phase.LOST)) {
            LOG.debug("renewal of {} stopped deliberately: {}", config.key(), cause.toString());
            return;
        }
        connection.close();
        LeaseLostEvent event = new LeaseLostEvent(config.key(), grant.fence(), cause);
        LOG.warn("lease lost for key {} (fence {}): {}", config.key(),
                event.fence().isPresent() ? Tokens.toUnsignedString(event.fence().getAsLong()) : "-",
                cause.toString());
        leaseLost.complete(event);
        try {
            config.onLeaseLost().accept(event);
        } catch (RuntimeException e) {
            LOG.warn("onLeaseLost callback for key {} threw", config.key(), e);
        }
    }
}
