package io.dflockd.tcp.internal;

import io.dflockd.protocol.Command;
import io.dflockd.protocol.WireRules;
import io.dflockd.tcp.internal.ConnectionInput.LineEnd;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one request frame, exactly three lines, under the per-line deadlines of PROTOCOL.md §8.1: the first line
 * must end by the given deadline, each following one within the read timeout of the previous line's end. Every line
 * is capped at 256 bytes except the argument line of {@code auth} (64 KiB), which is known once the command line is
 * in. Handler thread only.
 */
final class FrameReader {
    private FrameReader() {
    }

    /** A frame, or why none could be read. */
    sealed interface Result permits Frame, Failure {
    }

    /**
     * Three complete lines, each with one trailing CR (if any) removed.
     *
     * @param commandLine the command line
     * @param key         the key line
     * @param argument    the argument line
     */
    record Frame(byte[] commandLine, byte[] key, byte[] argument) implements Result {
        Frame {
            Objects.requireNonNull(commandLine, "commandLine");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(argument, "argument");
        }
    }

    /** The frame could not be completed: {@code end} is never {@link LineEnd#LINE}. */
    record Failure(LineEnd end) implements Result {
    }

    /** Reads a frame whose first line must end by {@code firstDeadlineNanos}. */
    static Result read(ConnectionInput input, LineBuffer line, long firstDeadlineNanos, long readTimeoutNanos) {
        LineEnd end = input.readLine(line, WireRules.MAX_LINE_BYTES, firstDeadlineNanos);
        if (end != LineEnd.LINE) {
            return new Failure(end);
        }
        byte[] commandLine = stripCr(line);
        int argumentCap = Command.fromWire(new String(commandLine, StandardCharsets.ISO_8859_1))
                .map(Command::argumentLineCap).orElse(WireRules.MAX_LINE_BYTES);
        end = input.readLine(line, WireRules.MAX_LINE_BYTES, nextDeadline(readTimeoutNanos));
        if (end != LineEnd.LINE) {
            return new Failure(end);
        }
        byte[] key = stripCr(line);
        end = input.readLine(line, argumentCap, nextDeadline(readTimeoutNanos));
        if (end != LineEnd.LINE) {
            return new Failure(end);
        }
        return new Frame(commandLine, key, stripCr(line));
    }

    private static long nextDeadline(long readTimeoutNanos) {
        return ConnectionInput.deadlineAfter(System.nanoTime(), readTimeoutNanos);
    }

    private static byte[] stripCr(LineBuffer line) {
        byte[] bytes = line.toBytes();
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }
}
