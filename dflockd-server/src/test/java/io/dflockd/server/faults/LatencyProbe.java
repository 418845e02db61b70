package io.dflockd.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The "unrelated client" of the fault and flood tests: on its own TCP connection it acquires and releases its own
 * key, and every round trip must complete within {@link #PROMPTLY} (a generous bound: the target is 100 ms, and the
 * measured latencies are logged, never asserted tightly). With a semaphore key the probe shares the key with a
 * keeper that holds the other slot, so the key exists even while a flood has used up {@code --max-locks}.
 *
 * <p>One thread at a time. The round trip runs on Awaitility's condition thread so that a hung server fails the
 * test after {@link #PROMPTLY} instead of after the socket timeout.
 */
public final class LatencyProbe {
    /** The bound on one acquire-and-release round trip. */
    public static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final LineClient client;
    private final String key;
    private final String acquire;
    private final String acquireArgument;
    private final String release;
    private final List<Long> samplesNanos = new ArrayList<>();

    private LatencyProbe(LineClient client, String key, String acquire, String acquireArgument, String release) {
        this.client = client;
        this.key = key;
        this.acquire = acquire;
        this.acquireArgument = acquireArgument;
        this.release = release;
    }

    /** {@code l key 10 30} then {@code r}. */
    public static LatencyProbe lock(LineClient client, String key) {
        return new LatencyProbe(client, key, "l", "10 30", "r");
    }

    /** {@code sl key 10 limit 30} then {@code sr}. */
    public static LatencyProbe semaphore(LineClient client, String key, int limit) {
        return new LatencyProbe(client, key, "sl", "10 " + limit + " 30", "sr");
    }

    /** One acquire + release; fails unless both are answered {@code ok} within {@link #PROMPTLY}. */
    public Duration roundTrip() {
        return roundTripAfter(Duration.ZERO);
    }

    /** As {@link #roundTrip()}, started after {@code pause} (pacing, so a probe loop does not become a flood). */
    public Duration roundTripAfter(Duration pause) {
        long[] took = new long[1];
        String outcome = await().atMost(PROMPTLY.plus(pause)).pollDelay(pause).until(() -> {
            long start = System.nanoTime();
            String grant = client.request(acquire, key, acquireArgument);
            if (!LineClient.GRANT.matcher(grant).matches()) {
                return acquire + " answered \"" + grant + "\"";
            }
            String released = client.request(release, key, grant.split(" ")[1]);
            took[0] = System.nanoTime() - start;
            return released.equals("ok") ? "ok" : release + " answered \"" + released + "\"";
        }, Objects::nonNull);
        assertThat(outcome).isEqualTo("ok");
        synchronized (samplesNanos) {
            samplesNanos.add(took[0]);
        }
        return Duration.ofNanos(took[0]);
    }

    /**
     * Round trips that are not recorded: the first requests on a fresh server JVM run interpreted code, and what the
     * tests measure is the effect of a flood, not the JIT's warm-up.
     */
    public LatencyProbe warmUp(int roundTrips) {
        for (int i = 0; i < roundTrips; i++) {
            roundTrip();
        }
        synchronized (samplesNanos) {
            samplesNanos.clear();
        }
        return this;
    }

    /** Round trips, one every {@code pause}, while {@code running} holds; at most {@code maxRoundTrips}. */
    public void roundTripsWhile(BooleanSupplier running, Duration pause, int maxRoundTrips) {
        for (int i = 0; i < maxRoundTrips && running.getAsBoolean(); i++) {
            roundTripAfter(pause);
        }
    }

    /** The number of round trips measured so far. */
    public int count() {
        synchronized (samplesNanos) {
            return samplesNanos.size();
        }
    }

    /** The slowest round trip so far. */
    public Duration max() {
        synchronized (samplesNanos) {
            return Duration.ofNanos(samplesNanos.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }

    /** {@code n=40 median=0.31 ms p99=1.20 ms max=1.20 ms}. */
    public String summary() {
        List<Long> sorted;
        synchronized (samplesNanos) {
            sorted = new ArrayList<>(samplesNanos);
        }
        sorted.sort(null);
        if (sorted.isEmpty()) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%d median=%.2f ms p99=%.2f ms max=%.2f ms", sorted.size(),
                millis(sorted.get(sorted.size() / 2)), millis(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1)),
                millis(sorted.get(sorted.size() - 1)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
