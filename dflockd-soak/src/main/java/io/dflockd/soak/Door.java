package io.dflockd.soak;

/** Which of the three doors onto the lock manager a client uses. */
public enum Door {
    /** A TCP connection through {@code DflockdConnection}. */
    TCP,
    /** An HTTP session through {@code java.net.http.HttpClient}. */
    HTTP,
    /** An embedded {@code Session} on the in-process lock manager. */
    EMBEDDED
}
