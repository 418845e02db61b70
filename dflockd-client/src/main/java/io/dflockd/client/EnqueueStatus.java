package io.dflockd.client;

/** What {@code enqueue()} of a {@link DistributedLock} or {@link DistributedSemaphore} achieved. */
public enum EnqueueStatus {
    /** A slot was granted at once; the instance holds it and renews it. */
    ACQUIRED("acquired"),
    /** A waiter was queued; call {@code await(Duration)} to collect the grant. */
    QUEUED("queued");

    private final String wireName;

    EnqueueStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The protocol's spelling: {@code "acquired"} or {@code "queued"}. */
    public String wireName() {
        return wireName;
    }
}
