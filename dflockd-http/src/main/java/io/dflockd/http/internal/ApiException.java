package io.dflockd.http.internal;

/**
 * Carries an {@link ApiError} out of a handler's validation steps to the code that writes the answer. Expected
 * control flow, so it records no stack trace.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    ApiException(ApiError error) {
        super(error.code().wire() + ": " + error.detail(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
