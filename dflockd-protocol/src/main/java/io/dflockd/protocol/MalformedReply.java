package io.dflockd.protocol;

import java.util.Objects;

/**
 * A reply line that is not a valid answer to the command sent: unknown status, wrong shape, bad token or number.
 * The client treats it as a protocol failure and closes the connection.
 *
 * @param reason a short description for the exception message (bytes rendered printable)
 */
public record MalformedReply(String reason) implements ReplyResult {
    public MalformedReply {
        Objects.requireNonNull(reason, "reason");
    }
}
