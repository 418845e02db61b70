package io.dflockd.protocol;

import static io.dflockd.protocol.Draws.anyString;
import static io.dflockd.protocol.Draws.between;
import static io.dflockd.protocol.Draws.pick;
import static io.dflockd.protocol.Draws.size;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the client's reply decoder: coverage-guided with Jazzer over any line (see {@code docs/fuzzing.md}), and
 * seeded random runs (see {@link SeededRuns}) of valid responses. For every command, any line decodes to a
 * {@link Response} or a {@link MalformedReply} without throwing, and what it accepts is canonical (encoding the decoded
 * response and decoding again gives the same response); every valid response round-trips through
 * {@link ResponseEncoder} and {@link ReplyDecoder} for every command that can receive it.
 */
class ReplyDecoderFuzzTest {
    private static final List<ErrorStatus> ERRORS = List.of(ErrorStatus.values());

    /**
     * The last byte of the input picks the command, the rest is the line. The corpus (regression run in CI, boundary
     * lines included) is in {@code ReplyDecoderFuzzTestInputs/anyLineDecodesToATypedCanonicalResult}.
     */
    @FuzzTest
    void anyLineDecodesToATypedCanonicalResult(FuzzedDataProvider data) {
        Command command = data.pickValue(Command.values());
        checkLine(command, data.consumeRemainingAsBytes());
    }

    @Test
    void everyValidResponseRoundTripsForEveryCommandThatCanGetIt() throws Exception {
        SeededRuns.run(1_000, seed -> roundTrips(response(new Random(seed))));
    }

    private static void checkLine(Command command, byte[] line) {
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
