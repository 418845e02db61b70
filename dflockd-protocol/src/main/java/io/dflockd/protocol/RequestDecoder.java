package io.dflockd.protocol;

import java.util.Arrays;

/**
 * Turns the three lines of one request frame into a {@link RequestResult}: a {@link Request}, or a
 * {@link MalformedRequest} with the {@link ProtocolError} of PROTOCOL.md §4.2 and §5. Never throws for bad input.
 * Pure and stateless; any thread.
 *
 * <p>Lines are given as read: LF removed and one trailing CR stripped. Checks run in line order (command, key,
 * arguments) and, within the argument line, field count first, then each field in order; the first failure is
 * reported. On the wire every failure is {@code error}, so the order only shows in logs and metrics.
 */
public final class RequestDecoder {
    private RequestDecoder() {
    }

    /**
     * Decodes one frame from its three lines. Lines longer than their cap (256 bytes; 65,536 for the argument line
     * of {@code auth}) give {@link ProtocolError#LINE_TOO_LONG}; a stream reader never passes such lines, see
     * {@link RequestReader}.
     */
    public static RequestResult decode(byte[] commandLine, byte[] keyLine, byte[] argumentLine) {
        if (commandLine.length > WireRules.MAX_LINE_BYTES || keyLine.length > WireRules.MAX_LINE_BYTES) {
            return new MalformedRequest(ProtocolError.LINE_TOO_LONG, "command or key line longer than 256 bytes");
        }
        Command command = Command.lookup(commandLine, 0, commandLine.length);
        if (command == null) {
            return unknownCommand(commandLine, 0, commandLine.length);
        }
        if (argumentLine.length > command.argumentLineCap()) {
            return new MalformedRequest(ProtocolError.LINE_TOO_LONG,
                    "argument line longer than " + command.argumentLineCap() + " bytes");
        }
        return decode(command, keyLine, 0, keyLine.length, argumentLine, 0, argumentLine.length);
    }

    static MalformedRequest unknownCommand(byte[] line, int from, int to) {
        return new MalformedRequest(ProtocolError.UNKNOWN_COMMAND,
                "unknown command: '" + Printable.of(line, from, to) + "'");
    }

    /** Decodes a frame whose command is known; lines are {@code [from, to)} ranges within their cap. */
    static RequestResult decode(Command command, byte[] key, int keyFrom, int keyTo,
                                byte[] argument, int argFrom, int argTo) {
        switch (command) {
            case PING:
                return new Request.Ping();
            case STATS:
                return new Request.Stats();
            case AUTH:
                return decodeAuth(argument, argFrom, argTo);
            default:
                break;
        }
        if (!WireKey.isValid(key, keyFrom, keyTo)) {
            String why = keyTo == keyFrom ? "empty" : "contains space, TAB, CR or LF";
            return new MalformedRequest(ProtocolError.INVALID_KEY, "invalid key (" + why + "): '"
                    + Printable.of(key, keyFrom, keyTo) + "'");
        }
        WireKey wireKey = WireKey.ofValidRange(key, keyFrom, keyTo);
        switch (command) {
            case R:
            case SR:
                return decodeRelease(command, wireKey, argument, argFrom, argTo);
            default:
                return decodeFields(command, wireKey, ArgumentFields.split(argument, argFrom, argTo));
        }
    }

    private static RequestResult decodeFields(Command command, WireKey key, ArgumentFields fields) {
        switch (command) {
            case L:
                return decodeAcquire(command, key, fields, 1, 2);
            case SL:
                return decodeAcquire(command, key, fields, 2, 3);
            case N:
            case SN:
                return decodeRenew(command, key, fields);
            case E:
                return decodeEnqueue(command, key, fields, 0, 1);
            case SE:
                return decodeEnqueue(command, key, fields, 1, 2);
            case W:
            case SW:
                return decodeWait(command, key, fields);
            default:
                throw new IllegalStateException("not a field command: " + command);
        }
    }

    private static RequestResult decodeAcquire(Command command, WireKey key, ArgumentFields fields, int min, int max) {
        if (fields.count() < min || fields.count() > max) {
            return fieldCount(command, fields, min, max);
        }
        MalformedRequest bad = checkTimeout(fields, 0);
        if (bad != null) {
            return bad;
        }
        long timeout = fields.parsed();
        int limit = 1;
        int next = 1;
        if (command == Command.SL) {
            bad = checkLimit(fields, next++);
            if (bad != null) {
                return bad;
            }
            limit = (int) fields.parsed();
        }
        LeaseTtl lease = LeaseTtl.SERVER_DEFAULT;
        if (fields.count() > next) {
            bad = checkLease(fields, next);
            if (bad != null) {
                return bad;
            }
            lease = LeaseTtl.ofSeconds(fields.parsed());
        }
        return new Request.Acquire(command, key, timeout, limit, lease);
    }

    private static RequestResult decodeEnqueue(Command command, WireKey key, ArgumentFields fields, int min, int max) {
        if (fields.count() < min || fields.count() > max) {
            return fieldCount(command, fields, min, max);
        }
        int limit = 1;
        int next = 0;
        if (command == Command.SE) {
            MalformedRequest bad = checkLimit(fields, next++);
            if (bad != null) {
                return bad;
            }
            limit = (int) fields.parsed();
        }
        LeaseTtl lease = LeaseTtl.SERVER_DEFAULT;
        if (fields.count() > next) {
            MalformedRequest bad = checkLease(fields, next);
            if (bad != null) {
                return bad;
            }
            lease = LeaseTtl.ofSeconds(fields.parsed());
        }
        return new Request.Enqueue(command, key, limit, lease);
    }

    private static RequestResult decodeRenew(Command command, WireKey key, ArgumentFields fields) {
        // §2.6: the token is the first field, so an empty or whitespace-only line is an empty token (code 7).
        if (fields.count() == 0) {
            return new MalformedRequest(ProtocolError.EMPTY_TOKEN, command.wire() + ": empty token");
        }
        if (fields.count() > 2) {
            return fieldCount(command, fields, 1, 2);
        }
        String token = TokenText.decode(fields.line(), fields.start(0), fields.end(0));
        LeaseTtl lease = LeaseTtl.SERVER_DEFAULT;
        if (fields.count() == 2) {
            MalformedRequest bad = checkLease(fields, 1);
            if (bad != null) {
                return bad;
            }
            lease = LeaseTtl.ofSeconds(fields.parsed());
        }
        return new Request.Renew(command, key, token, lease);
    }

    private static RequestResult decodeWait(Command command, WireKey key, ArgumentFields fields) {
        if (fields.count() != 1) {
            return fieldCount(command, fields, 1, 1);
        }
        MalformedRequest bad = checkTimeout(fields, 0);
        if (bad != null) {
            return bad;
        }
        return new Request.Wait(command, key, fields.parsed());
    }

    private static RequestResult decodeRelease(Command command, WireKey key, byte[] argument, int from, int to) {
        int start = trimStart(argument, from, to);
        int end = trimEnd(argument, start, to);
        if (start == end) {
            return new MalformedRequest(ProtocolError.EMPTY_TOKEN, command.wire() + ": empty token");
        }
        return new Request.Release(command, key, TokenText.decode(argument, start, end));
    }

    private static RequestResult decodeAuth(byte[] argument, int from, int to) {
        int start = trimStart(argument, from, to);
        int end = trimEnd(argument, start, to);
        if (start == end) {
            return new MalformedRequest(ProtocolError.EMPTY_TOKEN, "auth: empty token");
        }
        return Request.Auth.ofDecoded(Arrays.copyOfRange(argument, start, end));
    }

    private static MalformedRequest checkTimeout(ArgumentFields fields, int field) {
        if (!fields.parseInteger(field)) {
            return notAnInteger("timeout", fields, field);
        }
        long value = fields.parsed();
        if (value < 0 || value > WireRules.MAX_SECONDS) {
            return new MalformedRequest(ProtocolError.INVALID_TIMEOUT, "timeout out of range: " + value);
        }
        return null;
    }

    private static MalformedRequest checkLease(ArgumentFields fields, int field) {
        if (!fields.parseInteger(field)) {
            return notAnInteger("lease", fields, field);
        }
        long value = fields.parsed();
        if (value < 1 || value > WireRules.MAX_SECONDS) {
            return new MalformedRequest(ProtocolError.INVALID_LEASE, "lease out of range: " + value);
        }
        return null;
    }

    private static MalformedRequest checkLimit(ArgumentFields fields, int field) {
        if (!fields.parseInteger(field)) {
            return notAnInteger("limit", fields, field);
        }
        long value = fields.parsed();
        if (value < 1 || value > WireRules.MAX_LIMIT) {
            return new MalformedRequest(ProtocolError.INVALID_LIMIT, "limit out of range: " + value);
        }
        return null;
    }

    private static MalformedRequest notAnInteger(String what, ArgumentFields fields, int field) {
        return new MalformedRequest(ProtocolError.INVALID_INTEGER, what + " is not an integer: " + fields.show(field));
    }

    private static MalformedRequest fieldCount(Command command, ArgumentFields fields, int min, int max) {
        String expected = min == max ? Integer.toString(min) : min + ".." + max;
        return new MalformedRequest(ProtocolError.INVALID_ARGUMENTS,
                command.wire() + " takes " + expected + " argument fields, got " + fields.count());
    }

    private static int trimStart(byte[] line, int from, int to) {
        while (from < to && WireRules.isWhitespace(line[from])) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] line, int from, int to) {
        while (to > from && WireRules.isWhitespace(line[to - 1])) {
            to--;
        }
        return to;
    }
}
