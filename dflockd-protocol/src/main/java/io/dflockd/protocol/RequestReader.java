package io.dflockd.protocol;

import java.io.IOException;
import java.util.Objects;

/**
 * Reads request frames (three lines each, PROTOCOL.md §2.1) from a {@link LineReader} and decodes them. All three
 * lines are read before anything is validated, so a bad frame still consumes exactly three lines; the argument
 * line's cap depends on the command line (65,536 bytes for {@code auth}, else 256).
 *
 * <p>Per-line deadlines: the server's read timeout runs per line (§8.1). {@link LineListener#beforeLine} is called
 * before each line is read, so the caller can arm the deadline of that line on the stream (for example by setting
 * the socket timeout). Typical loop:
 *
 * <pre>{@code
 * if (!lines.awaitInput()) { close(); }                 // idle phase, idle timeout on the socket
 * FrameResult frame = requests.read(index -> armReadDeadline());
 * }</pre>
 *
 * <p>Not thread-safe; used by the connection's reading thread. Allocates only the decoded request (key, token).
 */
public final class RequestReader {
    /** Called before each line of a frame is read. */
    @FunctionalInterface
    public interface LineListener {
        /**
         * Line {@code lineIndex} (0 = command, 1 = key, 2 = argument) is about to be read.
         *
         * @throws IOException to abort the read; it propagates from {@link RequestReader#read}
         */
        void beforeLine(int lineIndex) throws IOException;
    }

    private static final LineListener NO_LISTENER = lineIndex -> { };

    private final LineReader lines;
    private final byte[] keyLine = new byte[WireRules.MAX_LINE_BYTES];

    /** A reader of frames from {@code lines}. */
    public RequestReader(LineReader lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    /** The underlying line reader (for {@link LineReader#awaitInput()}, the watcher, and buffered counts). */
    public LineReader lines() {
        return lines;
    }

    /** Reads and decodes one frame, without a per-line callback. */
    public FrameResult read() throws IOException {
        return read(NO_LISTENER);
    }

    /**
     * Reads and decodes one frame, calling {@code listener} before each of its lines.
     *
     * @throws IOException from the stream (for example a socket timeout) or from the listener; a frame interrupted
     *                     this way is abandoned and the connection is expected to close
     */
    public FrameResult read(LineListener listener) throws IOException {
        listener.beforeLine(0);
        LineStatus status = lines.read(WireRules.MAX_LINE_BYTES);
        if (status != LineStatus.LINE) {
            return notALine(status, 0);
        }
        byte[] buffer = lines.lineBuffer();
        int from = lines.lineStart();
        Command command = Command.lookup(buffer, from, from + lines.lineLength());
        MalformedRequest unknown = command == null
                ? RequestDecoder.unknownCommand(buffer, from, from + lines.lineLength()) : null;

        listener.beforeLine(1);
        status = lines.read(WireRules.MAX_LINE_BYTES);
        if (status != LineStatus.LINE) {
            return notALine(status, 1);
        }
        // The key's bytes must survive the next read, which may move the buffer; a command that ignores its key
        // needs no copy.
        int keyLength = lines.lineLength();
        if (command != null && !command.ignoresKey()) {
            System.arraycopy(lines.lineBuffer(), lines.lineStart(), keyLine, 0, keyLength);
        }

        listener.beforeLine(2);
        status = lines.read(command == null ? WireRules.MAX_LINE_BYTES : command.argumentLineCap());
        if (status != LineStatus.LINE) {
            return notALine(status, 2);
        }
        if (unknown != null) {
            return new FrameResult.Complete(unknown);
        }
        int argStart = lines.lineStart();
        return new FrameResult.Complete(RequestDecoder.decode(command, keyLine, 0, keyLength,
                lines.lineBuffer(), argStart, argStart + lines.lineLength()));
    }

    /**
     * Discards input through the next LF after {@link FrameResult.LineTooLong}; see {@link LineReader#discardLine()}.
     *
     * @return true if an LF was found; false if the stream ended first
     */
    public boolean discardLine() throws IOException {
        return lines.discardLine();
    }

    private static FrameResult notALine(LineStatus status, int lineIndex) {
        switch (status) {
            case TOO_LONG:
                return new FrameResult.LineTooLong(lineIndex);
            case END_OF_INPUT:
                return new FrameResult.EndOfInput(lineIndex > 0);
            case TRUNCATED:
                return new FrameResult.EndOfInput(true);
            default:
                throw new IllegalStateException("not an end status: " + status);
        }
    }
}
