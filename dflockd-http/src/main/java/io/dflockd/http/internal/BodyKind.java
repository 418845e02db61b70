package io.dflockd.http.internal;

import java.util.List;

/** The request bodies of the lock and semaphore operations, each with its fields in validation order (§9). */
public enum BodyKind {
    ACQUIRE_LOCK("AcquireLockRequest", true, BodyField.ACQUIRE_TIMEOUT_S, BodyField.LEASE_TTL_S),
    ACQUIRE_SEMAPHORE("AcquireSemaphoreRequest", true, BodyField.ACQUIRE_TIMEOUT_S, BodyField.LIMIT,
            BodyField.LEASE_TTL_S),
    RELEASE("ReleaseRequest", true, BodyField.TOKEN),
    RENEW("RenewRequest", true, BodyField.TOKEN, BodyField.LEASE_TTL_S),
    ENQUEUE_LOCK("EnqueueLockRequest", false, BodyField.LEASE_TTL_S),
    ENQUEUE_SEMAPHORE("EnqueueSemaphoreRequest", true, BodyField.LIMIT, BodyField.LEASE_TTL_S),
    WAIT("WaitRequest", true, BodyField.TIMEOUT_S);

    private final String schemaName;
    private final boolean bodyRequired;
    private final List<BodyField> fields;

    BodyKind(String schemaName, boolean bodyRequired, BodyField... fields) {
        this.schemaName = schemaName;
        this.bodyRequired = bodyRequired;
        this.fields = List.of(fields);
    }

    /** The OpenAPI component name of this body's schema. */
    public String schemaName() {
        return schemaName;
    }

    /** Whether an empty body is an error (only lock enqueue accepts one, as {@code {}}). */
    public boolean bodyRequired() {
        return bodyRequired;
    }

    /** The accepted fields, in validation order. */
    public List<BodyField> fields() {
        return fields;
    }
}
