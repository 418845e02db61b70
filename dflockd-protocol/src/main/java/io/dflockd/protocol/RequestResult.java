package io.dflockd.protocol;

/**
 * What one complete three-line frame decodes to: a well-formed {@link Request}, or a {@link MalformedRequest} naming
 * the {@link ProtocolError}. Decoding never throws for bad input.
 */
public sealed interface RequestResult permits Request, MalformedRequest {
}
