package io.dflockd.protocol;

import java.util.Objects;

/**
 * A frame that was read completely but is not a valid request. The server answers {@code error} (unless
 * {@link ProtocolError#closesConnection()}), and the connection stays in sync because all three lines were consumed.
 *
 * @param error  the reason, with its internal code
 * @param detail a short human-readable description for logs (bytes rendered printable, never a secret)
 */
public record MalformedRequest(ProtocolError error, String detail) implements RequestResult {
    public MalformedRequest {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(detail, "detail");
    }
}
