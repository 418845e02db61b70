package io.dflockd.protocol;

/**
 * What one reply line decodes to on the client: a {@link Response} that fits the command sent, or a
 * {@link MalformedReply} (anything unexpected). Decoding never throws for bad input.
 */
public sealed interface ReplyResult permits Response, MalformedReply {
}
