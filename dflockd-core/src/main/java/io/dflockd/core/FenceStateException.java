package io.dflockd.core;

/**
 * The fence state file could not be opened, locked, read, validated or first written when the lock manager started.
 * Start-up must fail: serving without a durable fence reservation could reuse a fence.
 */
public final class FenceStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FenceStateException(String message) {
        super(message);
    }

    public FenceStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
