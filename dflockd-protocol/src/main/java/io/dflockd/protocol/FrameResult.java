package io.dflockd.protocol;

import java.util.Objects;

/** How one {@link RequestReader#read} ended. */
public sealed interface FrameResult {

    /**
     * All three lines were read; {@code result} is the request or the reason it is malformed. The connection is in
     * sync for the next frame either way.
     */
    record Complete(RequestResult result) implements FrameResult {
        public Complete {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Line {@code lineIndex} (0 = command, 1 = key, 2 = argument) exceeded its cap (PROTOCOL.md §2.3, code 12).
     * Nothing of that line was consumed: the server calls {@link RequestReader#discardLine()} (under its read
     * timeout), writes {@code error} ({@code error_auth} during the handshake) and closes.
     */
    record LineTooLong(int lineIndex) implements FrameResult {
    }

    /**
     * The stream ended. {@code midFrame} is false when no byte of a new frame had arrived (a clean close) and true
     * when the frame was cut short (code 11 either way: closed, nothing written).
     */
    record EndOfInput(boolean midFrame) implements FrameResult {
    }
}
