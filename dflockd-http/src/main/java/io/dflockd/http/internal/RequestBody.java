package io.dflockd.http.internal;

/**
 * A decoded and validated lock or semaphore request body. Fields the body kind does not have are 0 (or {@code ""});
 * {@code limit} is 1 for lock bodies.
 *
 * @param acquireTimeoutS acquire long-poll bound in seconds (0 = try once)
 * @param timeoutS        wait long-poll bound in seconds (0 = try once)
 * @param leaseTtlS       lease in seconds; 0 = the server default
 * @param limit           1 for a lock, N for a semaphore
 * @param token           the token text (release, renew)
 */
public record RequestBody(long acquireTimeoutS, long timeoutS, long leaseTtlS, int limit, String token) {
}
