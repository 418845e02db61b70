package io.dflockd.protocol;

import static io.dflockd.protocol.TestStreams.bytes;
import static io.dflockd.protocol.TestStreams.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
    private static final WireKey JOB = WireKey.of("job");
    private static final String T1 = "18ae810e00bf807b3f9c2a71d04e8b56";

    static RequestResult decode(String command, String key, String argument) {
        return RequestDecoder.decode(bytes(command), bytes(key), bytes(argument));
    }

    static ProtocolError errorOf(String command, String key, String argument) {
        RequestResult result = decode(command, key, argument);
        assertThat(result).as("%s / %s / %s", command, key, argument).isInstanceOf(MalformedRequest.class);
        return ((MalformedRequest) result).error();
    }

    // --- acquire ---------------------------------------------------------------------------------------------

    @Test
    void lockWithTimeoutAndLease() {
        assertThat(decode("l", "deploy-job", "10 60"))
                .isEqualTo(Request.Acquire.lock(WireKey.of("deploy-job"), 10, LeaseTtl.ofSeconds(60)));
    }

    @Test
    void lockWithoutLeaseAsksForTheServerDefault() {
        assertThat(decode("l", "job", "10")).isEqualTo(Request.Acquire.lock(JOB, 10, LeaseTtl.SERVER_DEFAULT));
    }

    @Test
    void lockFieldCountsAreOneOrTwo() {
        // P-6: l with 0 or 3 fields
        assertThat(errorOf("l", "job", "")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(errorOf("l", "job", "10 60 5")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    @Test
    void semaphoreAcquireCarriesTheLimit() {
        assertThat(decode("sl", "rate-limited-api", "10 5"))
                .isEqualTo(Request.Acquire.semaphore(WireKey.of("rate-limited-api"), 10, 5, LeaseTtl.SERVER_DEFAULT));
        assertThat(decode("sl", "rate-limited-api", "10 5 60"))
                .isEqualTo(Request.Acquire.semaphore(WireKey.of("rate-limited-api"), 10, 5, LeaseTtl.ofSeconds(60)));
    }

    @Test
    void semaphoreAcquireFieldCountsAreTwoOrThree() {
        // P-6: sl with 1 or 4 fields
        assertThat(errorOf("sl", "k", "10")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(errorOf("sl", "k", "10 5 60 1")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    // --- numbers (P-8) ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"+5,5", "007,7", "0,0", "-0,0", "+0,0", "9223372036,9223372036", "00000000000000000000000000001,1"})
    void timeoutsAreSignedDecimals(String text, long expected) {
        assertThat(decode("l", "job", text)).isEqualTo(Request.Acquire.lock(JOB, expected, LeaseTtl.SERVER_DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "9223372037", "9223372036854775807", "-9223372036854775808"})
    void timeoutsOutOfRangeAreCode6(String text) {
        assertThat(errorOf("l", "job", text)).isEqualTo(ProtocolError.INVALID_TIMEOUT);
        assertThat(errorOf("w", "job", text)).isEqualTo(ProtocolError.INVALID_TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "0x10", "10s", "+", "-", "+-1", "1_000", "١", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999999"})
    void nonIntegersAreCode4(String text) {
        assertThat(errorOf("l", "job", text)).isEqualTo(ProtocolError.INVALID_INTEGER);
        assertThat(errorOf("l", "job", "1 " + text)).isEqualTo(ProtocolError.INVALID_INTEGER);
        assertThat(errorOf("sl", "job", "1 " + text)).isEqualTo(ProtocolError.INVALID_INTEGER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-0", "9223372037"})
    void leasesOutOfRangeAreCode9(String text) {
        // P-9: lease 0 or negative on TCP
        assertThat(errorOf("l", "job", "10 " + text)).isEqualTo(ProtocolError.INVALID_LEASE);
        assertThat(errorOf("e", "job", text)).isEqualTo(ProtocolError.INVALID_LEASE);
        assertThat(errorOf("n", "job", T1 + " " + text)).isEqualTo(ProtocolError.INVALID_LEASE);
    }

    @Test
    void theLargestLeaseIsAccepted() {
        assertThat(decode("l", "job", "0 9223372036"))
                .isEqualTo(Request.Acquire.lock(JOB, 0, LeaseTtl.ofSeconds(WireRules.MAX_SECONDS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1048577", "-9223372036854775808"})
    void limitsOutOfRangeAreCode13(String text) {
        // P-10
        assertThat(errorOf("sl", "k", "10 " + text)).isEqualTo(ProtocolError.INVALID_LIMIT);
        assertThat(errorOf("se", "k", text)).isEqualTo(ProtocolError.INVALID_LIMIT);
    }

    @Test
    void theLargestLimitIsAccepted() {
        assertThat(decode("sl", "k", "10 1048576"))
                .isEqualTo(Request.Acquire.semaphore(WireKey.of("k"), 10, 1_048_576, LeaseTtl.SERVER_DEFAULT));
        assertThat(decode("se", "k", "1048576"))
                .isEqualTo(Request.Enqueue.semaphore(WireKey.of("k"), 1_048_576, LeaseTtl.SERVER_DEFAULT));
    }

    // --- keys (P-5) ------------------------------------------------------------------------------------------

    @Test
    void anEmptyKeyOrOneWithSpaceTabOrCrIsCode5() {
        assertThat(errorOf("l", "", "5")).isEqualTo(ProtocolError.INVALID_KEY);
        assertThat(errorOf("l", "my key", "5")).isEqualTo(ProtocolError.INVALID_KEY);
        assertThat(errorOf("l", "my\tkey", "5")).isEqualTo(ProtocolError.INVALID_KEY);
        assertThat(errorOf("r", "k\r", T1)).isEqualTo(ProtocolError.INVALID_KEY);
        assertThat(errorOf("e", " k", "")).isEqualTo(ProtocolError.INVALID_KEY);
    }

    @Test
    void keysWithVtNulControlBytesAndInvalidUtf8AreAccepted() {
        byte[] key = {'a', 0x0B, 0x00, 0x0C, 0x1C, (byte) 0xFF, (byte) 0xC3, 0x7F};
        RequestResult result = RequestDecoder.decode(bytes("l"), key, bytes("5"));
        assertThat(result).isEqualTo(Request.Acquire.lock(WireKey.ofBytes(key), 5, LeaseTtl.SERVER_DEFAULT));
        assertThat(((Request.Acquire) result).key().toBytes()).containsExactly(key);
    }

    @Test
    void aKeyOf256BytesIsAcceptedAnd257IsTooLong() {
        assertThat(RequestDecoder.decode(bytes("l"), repeat('k', 256), bytes("0")))
                .isInstanceOf(Request.Acquire.class);
        assertThat(((MalformedRequest) RequestDecoder.decode(bytes("l"), repeat('k', 257), bytes("0"))).error())
                .isEqualTo(ProtocolError.LINE_TOO_LONG);
    }

    @Test
    void aKeyErrorIsReportedBeforeAnArgumentError() {
        assertThat(errorOf("l", "", "junk")).isEqualTo(ProtocolError.INVALID_KEY);
    }

    // --- release, renew (P-11, P-15) -------------------------------------------------------------------------

    @Test
    void releaseTakesTheWholeTrimmedLine() {
        assertThat(decode("r", "deploy-job", " \t" + T1 + " \r\u000B\f"))
                .isEqualTo(Request.Release.lock(WireKey.of("deploy-job"), T1));
        assertThat(decode("sr", "k", "a b")).isEqualTo(Request.Release.semaphore(WireKey.of("k"), "a b"));
    }

    @Test
    void anEmptyOrWhitespaceOnlyReleaseTokenIsCode7() {
        assertThat(errorOf("r", "k", "")).isEqualTo(ProtocolError.EMPTY_TOKEN);
        assertThat(errorOf("r", "k", "   ")).isEqualTo(ProtocolError.EMPTY_TOKEN);
        assertThat(errorOf("sr", "k", " \t\u000B\f\r")).isEqualTo(ProtocolError.EMPTY_TOKEN);
    }

    @Test
    void byte0x1cIsNotWhitespaceSoItStaysInTheToken() {
        assertThat(decode("r", "k", T1 + "\u001C")).isEqualTo(Request.Release.lock(WireKey.of("k"), T1 + "\u001C"));
        assertThat(decode("n", "k", T1 + "\u001C 5"))
                .isEqualTo(Request.Renew.lock(WireKey.of("k"), T1 + "\u001C", LeaseTtl.ofSeconds(5)));
        assertThat(errorOf("l", "k", "5\u001C")).isEqualTo(ProtocolError.INVALID_INTEGER);
    }

    @Test
    void tokenBytesMapOneToOneToCharacters() {
        RequestResult result = RequestDecoder.decode(bytes("r"), bytes("k"), new byte[] {(byte) 0xC3, (byte) 0xA9});
        assertThat(((Request.Release) result).token()).isEqualTo("\u00C3\u00A9");
    }

    @Test
    void renewTakesTheFirstFieldAndAnOptionalLease() {
        assertThat(decode("n", "deploy-job", T1 + " 60"))
                .isEqualTo(Request.Renew.lock(WireKey.of("deploy-job"), T1, LeaseTtl.ofSeconds(60)));
        assertThat(decode("sn", "k", "\t" + T1 + "\t"))
                .isEqualTo(Request.Renew.semaphore(WireKey.of("k"), T1, LeaseTtl.SERVER_DEFAULT));
    }

    @Test
    void renewWithoutTokenIsCode7AndWithThreeFieldsCode8() {
        // P-6: n with 0 or 3 fields
        assertThat(errorOf("n", "k", "")).isEqualTo(ProtocolError.EMPTY_TOKEN);
        assertThat(errorOf("n", "k", " \t ")).isEqualTo(ProtocolError.EMPTY_TOKEN);
        assertThat(errorOf("sn", "k", T1 + " 5 6")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    // --- enqueue, wait (P-6, P-7, P-15) ----------------------------------------------------------------------

    @Test
    void enqueueTakesZeroOrOneField() {
        assertThat(decode("e", "k", "")).isEqualTo(Request.Enqueue.lock(WireKey.of("k"), LeaseTtl.SERVER_DEFAULT));
        assertThat(decode("e", "k", " \t ")).isEqualTo(Request.Enqueue.lock(WireKey.of("k"), LeaseTtl.SERVER_DEFAULT));
        assertThat(decode("e", "k", "60")).isEqualTo(Request.Enqueue.lock(WireKey.of("k"), LeaseTtl.ofSeconds(60)));
        assertThat(errorOf("e", "k", "30 junk")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    @Test
    void semaphoreEnqueueTakesOneOrTwoFields() {
        assertThat(decode("se", "k", "5 60"))
                .isEqualTo(Request.Enqueue.semaphore(WireKey.of("k"), 5, LeaseTtl.ofSeconds(60)));
        assertThat(errorOf("se", "k", "")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(errorOf("se", "k", "5 60 1")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    @Test
    void waitTakesExactlyOneField() {
        assertThat(decode("w", "migrate", "30")).isEqualTo(Request.Wait.lock(WireKey.of("migrate"), 30));
        assertThat(decode("sw", "k", "0")).isEqualTo(Request.Wait.semaphore(WireKey.of("k"), 0));
        assertThat(errorOf("w", "k", "")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(errorOf("w", "k", "10 20")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
    }

    @Test
    void fieldsSplitOnEveryProtocolWhitespaceByteAndOnlyThose() {
        assertThat(decode("sl", "k", "\u000B10\f\t5 \r 60\r"))
                .isEqualTo(Request.Acquire.semaphore(WireKey.of("k"), 10, 5, LeaseTtl.ofSeconds(60)));
        // 0x1C..0x1F and NBSP are not whitespace: they glue fields together.
        assertThat(errorOf("sl", "k", "10\u001C5")).isEqualTo(ProtocolError.INVALID_ARGUMENTS);
        assertThat(errorOf("sl", "k", "10\u001F5 2")).isEqualTo(ProtocolError.INVALID_INTEGER);
        assertThat(errorOf("sl", "k", "10\u00A05 2")).isEqualTo(ProtocolError.INVALID_INTEGER);
    }

    // --- ping, stats, auth (P-12, P-13, P-15) ----------------------------------------------------------------

    @Test
    void pingAndStatsIgnoreKeyAndArgument() {
        assertThat(decode("ping", "_", "_")).isEqualTo(new Request.Ping());
        assertThat(decode("ping", "", "")).isEqualTo(new Request.Ping());
        assertThat(decode("ping", "a key with spaces", "junk 1 2 3")).isEqualTo(new Request.Ping());
        assertThat(decode("stats", "_", "")).isEqualTo(new Request.Stats());
        assertThat(decode("stats", "\t", "x y z w")).isEqualTo(new Request.Stats());
    }

    @Test
    void authTakesTheTrimmedLineAsBytesAndIgnoresTheKey() {
        RequestResult result = decode("auth", "", "  s3cret\t");
        assertThat(result).isEqualTo(Request.Auth.of("s3cret"));
        assertThat(((Request.Auth) result).matches(bytes("s3cret"))).isTrue();
        assertThat(((Request.Auth) result).matches(bytes("s3cret "))).isFalse();
        assertThat(errorOf("auth", "_", " \t ")).isEqualTo(ProtocolError.EMPTY_TOKEN);
    }

    @Test
    void authAcceptsA65536ByteLineAndRejectsALongerOne() {
        assertThat(RequestDecoder.decode(bytes("auth"), bytes("_"), repeat('s', 65_536)))
                .isInstanceOf(Request.Auth.class);
        assertThat(((MalformedRequest) RequestDecoder.decode(bytes("auth"), bytes("_"), repeat('s', 65_537)))
                .error()).isEqualTo(ProtocolError.LINE_TOO_LONG);
        assertThat(((MalformedRequest) RequestDecoder.decode(bytes("ping"), bytes("_"), repeat('s', 257)))
                .error()).isEqualTo(ProtocolError.LINE_TOO_LONG);
    }

    @Test
    void authNeverShowsTheSecret() {
        assertThat(decode("auth", "_", "s3cret").toString()).doesNotContain("s3cret");
        assertThat(decode("r", "k", T1).toString()).doesNotContain(T1);
        assertThat(decode("n", "k", T1).toString()).doesNotContain(T1);
    }

    // --- commands (P-4, P-15) --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "L", "PING", "frobnicate", " l", "l ", "ping\r", "pin", "pingg", "slx"})
    void unknownCommandsAreCode3(String command) {
        assertThat(errorOf(command, "x", "y")).isEqualTo(ProtocolError.UNKNOWN_COMMAND);
    }

    @Test
    void everyCommandIsRecognisedBySpelling() {
        for (Command command : Command.values()) {
            assertThat(Command.fromWire(command.wire())).contains(command);
            assertThat(RequestDecoder.decode(bytes(command.wire()), bytes("k"), bytes("1 2")))
                    .satisfiesAnyOf(
                            r -> assertThat(r).isInstanceOf(Request.class),
                            r -> assertThat(((MalformedRequest) r).error())
                                    .isNotEqualTo(ProtocolError.UNKNOWN_COMMAND));
        }
        assertThat(Command.fromWire("LS")).isEmpty();
    }

    @Test
    void unknownCommandDetailsShowControlBytesPrintably() {
        MalformedRequest bad = (MalformedRequest) RequestDecoder.decode(new byte[] {'x', 0x01}, bytes("k"), bytes(""));
        assertThat(bad.detail()).contains("x\\x01");
    }

    @Test
    void protocolErrorCodesMatchTheSpec() {
        assertThat(ProtocolError.UNKNOWN_COMMAND.code()).isEqualTo(3);
        assertThat(ProtocolError.INVALID_INTEGER.code()).isEqualTo(4);
        assertThat(ProtocolError.INVALID_KEY.code()).isEqualTo(5);
        assertThat(ProtocolError.INVALID_TIMEOUT.code()).isEqualTo(6);
        assertThat(ProtocolError.EMPTY_TOKEN.code()).isEqualTo(7);
        assertThat(ProtocolError.INVALID_ARGUMENTS.code()).isEqualTo(8);
        assertThat(ProtocolError.INVALID_LEASE.code()).isEqualTo(9);
        assertThat(ProtocolError.READ_TIMEOUT.code()).isEqualTo(10);
        assertThat(ProtocolError.DISCONNECTED.code()).isEqualTo(11);
        assertThat(ProtocolError.LINE_TOO_LONG.code()).isEqualTo(12);
        assertThat(ProtocolError.INVALID_LIMIT.code()).isEqualTo(13);
        for (ProtocolError error : ProtocolError.values()) {
            boolean closes = error.code() >= 10 && error.code() <= 12;
            assertThat(error.closesConnection()).as(error.name()).isEqualTo(closes);
            assertThat(error.repliesError()).as(error.name()).isEqualTo(error != ProtocolError.DISCONNECTED);
        }
    }
}
