package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyDecoderTest {
    private static RequestBody decode(BodyKind kind, String body) {
        return BodyDecoder.decode(kind, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String detail(BodyKind kind, String body) {
        try {
            decode(kind, body);
        } catch (ApiException e) {
            assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
            return e.error().detail();
        }
        throw new AssertionError("accepted " + body);
    }

    @Test
    void absentAndNullFieldsAreZero() {
        assertThat(decode(BodyKind.ACQUIRE_LOCK, "{}")).isEqualTo(new RequestBody(0, 0, 0, 1, ""));
        assertThat(decode(BodyKind.ACQUIRE_LOCK, "{\"acquire_timeout_s\":null,\"lease_ttl_s\":7}"))
                .isEqualTo(new RequestBody(0, 0, 7, 1, ""));
        assertThat(decode(BodyKind.ACQUIRE_SEMAPHORE, " {\"limit\": 5, \"acquire_timeout_s\": 10}\n"))
                .isEqualTo(new RequestBody(10, 0, 0, 5, ""));
    }

    @Test
    void onlyLockEnqueueAcceptsAnEmptyBody() {
        assertThat(decode(BodyKind.ENQUEUE_LOCK, "")).isEqualTo(new RequestBody(0, 0, 0, 1, ""));
        assertThat(decode(BodyKind.ENQUEUE_LOCK, " \r\n\t")).isEqualTo(new RequestBody(0, 0, 0, 1, ""));
        assertThat(detail(BodyKind.ENQUEUE_SEMAPHORE, "")).isEqualTo("empty body");
        assertThat(detail(BodyKind.WAIT, "  ")).isEqualTo("empty body");
    }

    @Test
    void fieldsAreValidatedInTheirListedOrder() {
        assertThat(detail(BodyKind.ACQUIRE_SEMAPHORE, "{\"lease_ttl_s\":-1,\"limit\":0,\"acquire_timeout_s\":-1}"))
                .isEqualTo("acquire_timeout_s must be >= 0");
        assertThat(detail(BodyKind.ACQUIRE_SEMAPHORE, "{\"lease_ttl_s\":-1,\"limit\":0}"))
                .isEqualTo("limit must be > 0");
        assertThat(detail(BodyKind.RENEW, "{\"lease_ttl_s\":-1}")).isEqualTo("token required");
    }

    @Test
    void strictnessRejectsEverythingButOneObjectOfKnownIntegerFields() {
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":1,\"x\":1}")).isEqualTo("unknown field \"x\"");
        assertThat(detail(BodyKind.ACQUIRE_LOCK, "{\"limit\":1}")).isEqualTo("unknown field \"limit\"");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":1.0}")).isEqualTo("timeout_s must be an integer");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":\"1\"}")).isEqualTo("timeout_s must be an integer");
        assertThat(detail(BodyKind.RELEASE, "{\"token\":5}")).isEqualTo("token must be a string");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":1} {}")).isEqualTo("unexpected data after the JSON object");
        assertThat(detail(BodyKind.WAIT, "[]")).isEqualTo("body must be a JSON object");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":1,\"timeout_s\":2}")).startsWith("invalid JSON: Duplicate");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":18446744073709551616}"))
                .isEqualTo("timeout_s out of the 64-bit integer range");
        assertThat(detail(BodyKind.WAIT, "{\"timeout_s\":9223372037}")).isEqualTo("timeout_s too large");
        assertThat(decode(BodyKind.WAIT, "{\"timeout_s\":9223372036}").timeoutS()).isEqualTo(9_223_372_036L);
    }

    @Test
    void parseErrorsNeverEchoTheBody() {
        String secret = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> decode(BodyKind.RELEASE, "{\"token\":\"" + secret + "\" garbage"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).error().detail()).doesNotContain(secret));
    }

    @Test
    void tokenRules() {
        assertThat(detail(BodyKind.RELEASE, "{\"token\":\"\"}")).isEqualTo("token required");
        assertThat(detail(BodyKind.RELEASE, "{\"token\":\"a\\tb\"}")).isEqualTo("token contains whitespace");
        assertThat(detail(BodyKind.RELEASE, "{\"token\":\"" + "é".repeat(129) + "\"}"))
                .isEqualTo("token too long (max 256 bytes)");
        assertThat(decode(BodyKind.RELEASE, "{\"token\":\"7f4c...\"}").token()).isEqualTo("7f4c...");
    }
}
