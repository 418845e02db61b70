package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads one reply line on the client side (CLIENT.md §5.5), strictly: the reply must be one the command can get,
 * in exactly the server's shape (single spaces, plain digits). Anything else is a {@link MalformedReply}; nothing
 * here throws for bad input. Stateless; any thread.
 *
 * <p>Accepted per command:
 * <ul>
 *   <li>every command: a status word starting with {@code error} is a {@link Response.Failure} (an unknown one is
 *       {@link ErrorStatus#ERROR}, §3); anything after the status word is ignored;</li>
 *   <li>{@code l sl w sw}: {@code ok <token> <lease>} ({@link Response.Granted}), {@code timeout};</li>
 *   <li>{@code e se}: {@code acquired <token> <lease>}, {@code queued};</li>
 *   <li>{@code n sn}: {@code ok <lease>} ({@link Response.Renewed});</li>
 *   <li>{@code r sr ping auth}: {@code ok};</li>
 *   <li>{@code stats}: {@code ok <json>}, everything after the first space being the JSON, which must start with
 *       <code>{</code> (it is not parsed here, see {@link StatsJson#read(String)}).</li>
 * </ul>
 * A token must be non-empty, without whitespace, at most 256 bytes; a lease is one or more ASCII digits that fit a
 * {@code long}.
 */
public final class ReplyDecoder {
    private ReplyDecoder() {
    }

    /** Decodes {@code line} (LF removed) as the reply to {@code command}. */
    public static ReplyResult decode(Command command, byte[] line) {
        return decode(command, line, 0, line.length);
    }

    /** Decodes the last line read by {@code lines} as the reply to {@code command}. */
    public static ReplyResult decode(Command command, LineReader lines) {
        int from = lines.lineStart();
        return decode(command, lines.lineBuffer(), from, from + lines.lineLength());
    }

    /** Decodes {@code line[from, to)} (LF removed) as the reply to {@code command}. */
    public static ReplyResult decode(Command command, byte[] line, int from, int to) {
        if (indexOf(line, from, to, (byte) '\n') >= 0) {
            return new MalformedReply("reply to " + command.wire() + " contains LF");
        }
        int space = indexOf(line, from, to, (byte) ' ');
        int wordEnd = space < 0 ? to : space;
        if (startsWith(line, from, wordEnd, "error")) {
            String word = new String(line, from, wordEnd - from, StandardCharsets.ISO_8859_1);
            return new Response.Failure(ErrorStatus.fromStatusWord(word));
        }
        if (regionIs(line, from, wordEnd, "ok")) {
            return decodeOk(command, line, space < 0 ? -1 : space + 1, to);
        }
        if (regionIs(line, from, to, "timeout") && takesTimeout(command)) {
            return new Response.TimedOut();
        }
        if (regionIs(line, from, to, "queued") && takesEnqueueReply(command)) {
            return new Response.Queued();
        }
        if (regionIs(line, from, wordEnd, "acquired") && takesEnqueueReply(command) && space >= 0) {
            return decodeGrant(command, line, space + 1, to, false);
        }
        return malformed(command, "unexpected reply", line, from, to);
    }

    /** {@code ok} replies; {@code rest} is the index after "ok ", or -1 for a bare {@code ok}. */
    private static ReplyResult decodeOk(Command command, byte[] line, int rest, int to) {
        switch (command) {
            case R:
            case SR:
            case PING:
            case AUTH:
                return rest < 0 ? new Response.Ok() : malformed(command, "unexpected fields after ok", line, rest, to);
            case L:
            case SL:
            case W:
            case SW:
                return rest < 0 ? malformed(command, "missing token and lease", line, to, to)
                        : decodeGrant(command, line, rest, to, true);
            case N:
            case SN:
                if (rest < 0) {
                    return malformed(command, "missing lease", line, to, to);
                }
                long lease = parseLease(line, rest, to);
                return lease < 0 ? malformed(command, "invalid lease", line, rest, to) : new Response.Renewed(lease);
            case STATS:
                if (rest < 0 || rest == to || line[rest] != '{') {
                    return malformed(command, "missing JSON object", line, rest < 0 ? to : rest, to);
                }
                if (indexOf(line, rest, to, (byte) '\r') >= 0) {
                    return malformed(command, "CR inside the JSON", line, rest, to);
                }
                return new Response.StatsJson(new String(line, rest, to - rest, StandardCharsets.UTF_8));
            case E:
            case SE:
                return malformed(command, "ok is not an enqueue reply", line, rest < 0 ? to : rest, to);
            default:
                throw new IllegalStateException("unhandled command: " + command);
        }
    }

    /** {@code <token> <lease>} starting at {@code from}. */
    private static ReplyResult decodeGrant(Command command, byte[] line, int from, int to, boolean ok) {
        int space = indexOf(line, from, to, (byte) ' ');
        if (space < 0) {
            return malformed(command, "expected <token> <lease>", line, from, to);
        }
        int tokenLength = space - from;
        if (tokenLength == 0 || tokenLength > WireRules.MAX_LINE_BYTES || containsWhitespace(line, from, space)) {
            return malformed(command, "invalid token", line, from, to);
        }
        long lease = parseLease(line, space + 1, to);
        if (lease < 0) {
            return malformed(command, "invalid lease", line, from, to);
        }
        String token = TokenText.decode(line, from, space);
        return ok ? new Response.Granted(token, lease) : new Response.Acquired(token, lease);
    }

    /** One or more ASCII digits fitting a {@code long}; -1 if not. */
    private static long parseLease(byte[] line, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static boolean takesTimeout(Command command) {
        return command == Command.L || command == Command.SL || command == Command.W || command == Command.SW;
    }

    private static boolean takesEnqueueReply(Command command) {
        return command == Command.E || command == Command.SE;
    }

    private static MalformedReply malformed(Command command, String what, byte[] line, int from, int to) {
        // Grant replies carry a token: the detail shows at most the status and the shape, never a token's bytes.
        boolean mayHoldToken = takesTimeout(command) || takesEnqueueReply(command);
        String shown = mayHoldToken ? "<" + (to - from) + " bytes>" : Printable.of(line, from, to);
        return new MalformedReply(what + " to " + command.wire() + ": " + shown);
    }

    private static boolean containsWhitespace(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            if (WireRules.isWhitespace(line[i])) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] line, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] line, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionIs(byte[] line, int from, int to, String text) {
        return to - from == text.length() && startsWith(line, from, to, text);
    }
}
