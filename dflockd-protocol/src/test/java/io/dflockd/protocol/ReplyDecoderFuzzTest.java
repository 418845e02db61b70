package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.anyByte;
import static io.dflockd.protocol.Draws.anyString;
import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the client's reply decoder (seeded random runs, see {@link SeededRuns} and
 * {@code docs/fuzzing.md}). For every command, any line decodes to a {@link Response} or a {@link MalformedReply}
 * without throwing, and what it accepts is canonical (encoding the decoded response and decoding again gives the same
 * response); every valid response round-trips through {@link ResponseEncoder} and {@link ReplyDecoder} for every
 * command that can receive it.
 */
class ReplyDecoderFuzzTest {
    private static final List<String> WORDS = List.of("ok", "error", "error_auth", "error_max_locks",
            "error_max_waiters", "error_limit_mismatch", "error_not_enqueued", "error_already_enqueued",
            "error_lease_expired", "error_draining", "errorx", "timeout", "queued", "acquired", "OK", "ok\r", "",
            " ", "18ae810e00bf807b3f9c2a71d04e8b56", "33", "0", "-1", "9223372036854775807", "9223372036854775808",
            "{", "{\"connections\":0}", "{\r}", "\t", "x".repeat(257), "\u00FF", "1.5", "+3");
    private static final List<Command> COMMANDS = List.of(Command.values());
    private static final List<ErrorStatus> ERRORS = List.of(ErrorStatus.values());

    @Test
    void anyLineDecodesToATypedCanonicalResult() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            anyLineDecodesToATypedCanonicalResult(pick(COMMANDS, random), line(random));
        });
    }

    @Test
    void everyValidResponseRoundTripsForEveryCommandThatCanGetIt() throws Exception {
        SeededRuns.run(1_000, seed -> roundTrips(response(new Random(seed))));
    }

    /** Regression seeds: lease overflow, token length edges, a CR in stats JSON, trailing fields. */
    @Test
    void boundaryRepliesAreTyped() {
        String[] lines = {"ok t 9223372036854775807", "ok t 9223372036854775808", "ok " + "t".repeat(256) + " 1",
            "ok " + "t".repeat(257) + " 1", "ok {\r}", "ok  1", "ok t  1", "acquired t 1 ", "error_auth extra",
            "ok 1\r", "queued\r", ""};
        for (Command command : Command.values()) {
            for (String line : lines) {
                anyLineDecodesToATypedCanonicalResult(command, line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static void anyLineDecodesToATypedCanonicalResult(Command command, byte[] line) {
        ReplyResult result = ReplyDecoder.decode(command, line);
        assertThat(result).isNotNull();
        if (result instanceof Response response) {
            byte[] encoded = ResponseEncoder.encode(response);
            assertThat(ReplyDecoder.decode(command, encoded, 0, encoded.length - 1)).isEqualTo(response);
        }
    }

    private static void roundTrips(Response response) {
        byte[] encoded = ResponseEncoder.encode(response);
        assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
        for (Command command : receivers(response)) {
            assertThat(ReplyDecoder.decode(command, encoded, 0, encoded.length - 1))
                    .as("reply to %s", command).isEqualTo(response);
        }
    }

    private static Set<Command> receivers(Response response) {
        if (response instanceof Response.Granted || response instanceof Response.TimedOut) {
            return EnumSet.of(Command.L, Command.SL, Command.W, Command.SW);
        }
        if (response instanceof Response.Acquired || response instanceof Response.Queued) {
            return EnumSet.of(Command.E, Command.SE);
        }
        if (response instanceof Response.Renewed) {
            return EnumSet.of(Command.N, Command.SN);
        }
        if (response instanceof Response.Ok) {
            return EnumSet.of(Command.R, Command.SR, Command.PING, Command.AUTH);
        }
        if (response instanceof Response.StatsJson) {
            return EnumSet.of(Command.STATS);
        }
        return EnumSet.allOf(Command.class);
    }

    /**
     * Four times in five, one to four corpus words, each after a corpus separator (less the line's first space), as
     * UTF-8; otherwise up to 300 raw bytes, half of them from the interesting ones (LF included: the decoder gets
     * a line as given).
     */
    private static byte[] line(Random random) {
        if (random.nextInt(5) < 4) {
            StringBuilder joined = new StringBuilder();
            int words = size(1, 4, random);
            for (int i = 0; i < words; i++) {
                joined.append(pick(List.of(" ", " ", "", "  "), random)).append(pick(WORDS, random));
            }
            String text = joined.length() > 0 && joined.charAt(0) == ' ' ? joined.substring(1) : joined.toString();
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] interesting = {(byte) ' ', (byte) '\r', (byte) '\n', (byte) '0', (byte) '{', (byte) 'o', (byte) 'k',
            (byte) 0x80};
        byte[] raw = new byte[size(0, 300, random)];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : anyByte(random);
        }
        return raw;
    }

    /** One of the six response shapes, equally likely. */
    private static Response response(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return new Response.Granted(token(random), lease(random));
            case 1:
                return new Response.Acquired(token(random), lease(random));
            case 2:
                return new Response.Renewed(lease(random));
            case 3:
                return new Response.StatsJson(json(random));
            case 4:
                return new Response.Failure(pick(ERRORS, random));
            default:
                return pick(List.of(new Response.Ok(), new Response.Queued(), new Response.TimedOut()), random);
        }
    }

    /** 1 to 256 Latin-1 characters, none of them LF or wire whitespace. */
    private static String token(Random random) {
        char[] token = new char[size(1, 256, random)];
        for (int i = 0; i < token.length; i++) {
            char c;
            do {
                c = (char) random.nextInt(256);
            } while (c == '\n' || WireRules.isWhitespace((byte) c));
            token[i] = c;
        }
        return new String(token);
    }

    private static long lease(Random random) {
        return random.nextBoolean() ? between(0, Long.MAX_VALUE, random)
                : pick(List.of(0L, 33L, Long.MAX_VALUE), random);
    }

    /** {@code "{"} and up to 80 characters without CR or LF that survive a UTF-8 round trip (no lone surrogate). */
    private static String json(Random random) {
        while (true) {
            String s = "{" + anyString(0, 80, random);
            if (s.indexOf('\n') < 0 && s.indexOf('\r') < 0
                    && s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))) {
                return s;
            }
        }
    }
}
