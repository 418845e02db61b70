package io.dflockd.soak;

/** The operations a soak client performs; one history entry each. */
public enum OpKind {
    /** Open a session (TCP connect, {@code POST /v1/sessions}, {@code openSession}). */
    OPEN,
    /** Blocking or try acquire ({@code l}/{@code sl}, {@code POST /v1/locks/{key}}, {@code Session.acquire}). */
    ACQUIRE,
    /** Two-phase step 1. */
    ENQUEUE,
    /** Two-phase step 2. */
    WAIT,
    /** Release by token. */
    RELEASE,
    /** Renew by token. */
    RENEW,
    /** End the session (TCP close, {@code DELETE}, {@code Session.close}). */
    CLOSE
}
