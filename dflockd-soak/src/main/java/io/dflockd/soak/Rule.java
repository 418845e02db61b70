package io.dflockd.soak;

/** The rules a soak run is checked against; each violation names one. */
public enum Rule {
    /** More holders of a key certainly at once than its limit (SEMANTICS.md §1.1, §3.3). */
    OVER_LIMIT,
    /** A waiter certainly queued earlier was granted after a later arrival (SEMANTICS.md §2.2). */
    FIFO,
    /** One token handed out by two grants (SEMANTICS.md §2.4, §9). */
    TOKEN_REUSED,
    /** One fence value in two grants (SEMANTICS.md §9). */
    FENCE_REUSED,
    /** A grant certainly later in real time carries a smaller fence (SEMANTICS.md §9). */
    FENCE_ORDER,
    /** A release answer contradicting the history (SEMANTICS.md §4, §3.3, §7). */
    RELEASE_ANSWER,
    /** A renew answer contradicting the history (SEMANTICS.md §3.2, §3.3, §7). */
    RENEW_ANSWER,
    /** An answer the workload never provokes: a rejection other than lease-expired/not-enqueued, or a failure. */
    UNEXPECTED_ANSWER,
    /** A client still blocked after the run, or the server not idle (holders, waiters or keys) at the end. */
    NOT_IDLE
}
