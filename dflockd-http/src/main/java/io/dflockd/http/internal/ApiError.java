package io.dflockd.http.internal;

import java.util.Objects;

/**
 * An error answer: {@code <status> {"error":code,"detail":detail}}, the detail omitted when empty. Thrown as
 * {@link ApiException} out of the validation steps of a handler.
 */
public record ApiError(ErrorCode code, String detail) {
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
    }

    /** The error without detail. */
    public static ApiError of(ErrorCode code) {
        return new ApiError(code, "");
    }

    /** {@code 400 bad_request} with {@code detail}. */
    public static ApiError badRequest(String detail) {
        return new ApiError(ErrorCode.BAD_REQUEST, detail);
    }

    /** This error as an exception, for leaving a handler's validation steps. */
    public ApiException toException() {
        return new ApiException(this);
    }
}
