package io.dflockd.client;

import java.util.Objects;

/** The reply to a two-phase enqueue ({@code e}/{@code se}): granted at once, or queued. */
public sealed interface EnqueueResult {

    /** {@code acquired <token> <lease>}: a slot was granted immediately. */
    record Acquired(Grant grant) implements EnqueueResult {
        public Acquired {
            Objects.requireNonNull(grant, "grant");
        }
    }

    /** {@code queued}: a waiter was appended to the key's queue; collect the grant with {@code await}. */
    record Queued() implements EnqueueResult {
    }
}
