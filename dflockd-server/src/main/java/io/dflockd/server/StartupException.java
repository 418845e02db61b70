package io.dflockd.server;

/**
 * Start-up failed after validation (SERVER.md §7.1 steps 2–4): the fence state file cannot be used or a listener
 * cannot be bound. The message is the one-line reason printed before exiting with status 1.
 */
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
