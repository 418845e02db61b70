package io.dflockd.soak;

/**
 * When a session may have ended and when it certainly had.
 *
 * @param possibleEnd the earliest instant the server may have started the session's cleanup ({@code Long.MAX_VALUE}
 *                    if never)
 * @param certainEnd  the instant the cleanup was certainly complete (a synchronous close's response), or
 *                    {@code Long.MAX_VALUE} if unknown
 * @param firstClose  the invocation of the session's first close, or {@code Long.MAX_VALUE}
 */
record SessionLife(long possibleEnd, long certainEnd, long firstClose) {
    static final SessionLife OPEN = new SessionLife(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
}
