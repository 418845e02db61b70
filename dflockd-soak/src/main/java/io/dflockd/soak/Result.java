package io.dflockd.soak;

/** What the client observed as the answer to one operation. */
public enum Result {
    /** An acquire or wait returned a grant ({@link Op#resultToken()} names it). */
    GRANTED,
    /** An enqueue was granted at once ({@link Op#resultToken()} names it). */
    ACQUIRED,
    /** An enqueue left a waiter in the queue. */
    QUEUED,
    /** An acquire or wait timed out. */
    TIMEOUT,
    /** A release, renew, open or synchronous close succeeded. */
    OK,
    /** A release or renew answered "not held". */
    NOT_HELD,
    /** The lock manager refused with a reason ({@link Op#detail()} names it). */
    REJECTED,
    /**
     * A TCP close: the socket was closed, but the server cleans up asynchronously, so the end of the session is known
     * only to lie after the invocation.
     */
    SENT,
    /** No definite answer (connection failure, session gone, cancelled): the operation may or may not have acted. */
    UNKNOWN
}
