package io.dflockd.http.internal;

import io.dflockd.core.Grant;

/**
 * The answer to one lock or semaphore operation, before it is written. A reply that carries a grant (or a queued
 * enqueue) must be undone if it cannot be delivered (HTTP.md §10).
 *
 * @param status HTTP status
 * @param body   JSON body, empty for 204
 * @param grant  the grant the reply hands over, or null
 * @param queued whether the reply reports a queued enqueue
 * @param error  the error this reply reports, or null
 */
public record OpReply(int status, byte[] body, Grant grant, boolean queued, ApiError error) {

    static OpReply granted(String status, Grant grant) {
        return new OpReply(200, JsonBodies.granted(status, grant), grant, false, null);
    }

    static OpReply status(String status, boolean queued) {
        return new OpReply(200, JsonBodies.status(status), null, queued, null);
    }

    static OpReply noContent() {
        return new OpReply(204, new byte[0], null, false, null);
    }

    static OpReply ok(byte[] body) {
        return new OpReply(200, body, null, false, null);
    }

    static OpReply error(ApiError error) {
        return new OpReply(error.code().status(), JsonBodies.error(error), null, false, error);
    }
}
