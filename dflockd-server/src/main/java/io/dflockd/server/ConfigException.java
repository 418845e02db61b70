package io.dflockd.server;

/**
 * The configuration cannot be used: a bad environment value, a failed validation rule, an unusable auth token or TLS
 * material. The message is the one-line reason printed before exiting with status 1; it never contains the auth
 * token.
 */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
