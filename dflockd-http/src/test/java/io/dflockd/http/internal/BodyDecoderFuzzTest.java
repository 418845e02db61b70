package io.dflockd.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of {@link BodyDecoder}: coverage-guided with Jazzer over any bytes (see {@code docs/fuzzing.md}), and
 * seeded random runs (see {@link SeededRuns}) of valid and one-defect bodies. Any bytes, for any body kind, either
 * decode to a {@link RequestBody} whose values are in range or fail with the typed {@code 400 bad_request}
 * {@link ApiException}, never anything else; valid bodies (any field order, whitespace, {@code null} for optional
 * integers) decode to exactly their values; and a valid body with one defect (a float, an unknown or duplicate
 * field, a trailing value, a wrong type, a negative or too large number, a missing required field) is rejected.
 */
class BodyDecoderFuzzTest {
    private static final List<BodyKind> KINDS = List.of(BodyKind.values());

    /**
     * The last byte of the input picks the body kind, the rest is the body. The corpus (regression run in CI: valid
     * bodies of every kind, boundary and defective ones) is in
     * {@code BodyDecoderFuzzTestInputs/anyBytesDecodeInRangeOrFailWithBadRequest}.
     */
    @FuzzTest
    void anyBytesDecodeInRangeOrFailWithBadRequest(FuzzedDataProvider data) {
        BodyKind kind = data.pickValue(BodyKind.values());
        decodeOrBadRequest(kind, data.consumeRemainingAsBytes());
    }

    @Test
    void validBodiesDecodeToTheirValues() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            BodyKind kind = pick(KINDS, random);
            Map<BodyField, Object> values = validValues(kind, random);
            RequestBody decoded = BodyDecoder.decode(kind, json(values, random, null).getBytes(StandardCharsets.UTF_8));
            assertThat(decoded).isEqualTo(expected(values));
        });
    }

    @Test
    void aValidBodyWithOneDefectIsRejected() throws Exception {
        SeededRuns.run(1_000, seed -> {
            Random random = new Random(seed);
            BodyKind kind = pick(KINDS, random);
            Map<BodyField, Object> values = validValues(kind, random);
            String body = json(values, random, defect(kind, values, random));
            try {
                RequestBody decoded = BodyDecoder.decode(kind, body.getBytes(StandardCharsets.UTF_8));
                fail("accepted a defective " + kind + " body " + body + " as " + decoded);
            } catch (ApiException e) {
                assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
            }
        });
    }

    /** Regression seeds: range ends, big numbers, exponents, and the lone {@code {}} of a lock enqueue. */
    @Test
    void boundaryBodies() {
        assertThat(BodyDecoder.decode(BodyKind.ENQUEUE_LOCK, new byte[0])).isEqualTo(new RequestBody(0, 0, 0, 1, ""));
        assertThat(BodyDecoder.decode(BodyKind.ACQUIRE_SEMAPHORE,
                bytes("{\"limit\":1048576,\"acquire_timeout_s\":9223372036,\"lease_ttl_s\":null}")))
                .isEqualTo(new RequestBody(9_223_372_036L, 0, 0, 1_048_576, ""));
        for (String bad : List.of("{\"limit\":1048577}", "{\"limit\":1e2}", "{\"limit\":2.0}",
                "{\"limit\":9223372036854775808}", "{\"limit\":2}{}", "{\"limit\":2} x", "{\"limit\":-0.0}",
                "{\"limit\":\"2\"}", "{\"limit\":2,\"limit\":2}", "[{\"limit\":2}]", "{\"limit\":2")) {
            decodeOrBadRequest(BodyKind.ENQUEUE_SEMAPHORE, bytes(bad));
            assertThatThrownBy(() -> BodyDecoder.decode(BodyKind.ENQUEUE_SEMAPHORE, bytes(bad)))
                    .isInstanceOf(ApiException.class);
        }
    }

    private static void decodeOrBadRequest(BodyKind kind, byte[] body) {
        RequestBody decoded;
        try {
            decoded = BodyDecoder.decode(kind, body);
        } catch (ApiException e) {
            assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.error().code().status()).isEqualTo(400);
            return;
        }
        assertThat(decoded.acquireTimeoutS()).isBetween(0L, BodyField.MAX_SECONDS);
        assertThat(decoded.timeoutS()).isBetween(0L, BodyField.MAX_SECONDS);
        assertThat(decoded.leaseTtlS()).isBetween(0L, BodyField.MAX_SECONDS);
        assertThat((long) decoded.limit()).isBetween(1L, BodyField.MAX_LIMIT);
        if (kind.fields().contains(BodyField.TOKEN)) {
            // HTTP.md: no space, TAB, CR or LF; other whitespace (U+2000, found by Jazzer) is a well-formed token.
            assertThat(decoded.token()).isNotEmpty().doesNotContain(" ", "\t", "\r", "\n");
        }
    }

    /** Values for the kind's fields: required ones present; optional integers present, null or absent. */
    private static Map<BodyField, Object> validValues(BodyKind kind, Random random) {
        Map<BodyField, Object> values = new EnumMap<>(BodyField.class);
        for (BodyField field : kind.fields()) {
            if (field == BodyField.TOKEN) {
                values.put(field, token(random));
            } else if (field.required() || random.nextInt(3) > 0) {
                values.put(field, inRange(field, random));
            } else if (random.nextBoolean()) {
                values.put(field, null);
            }
        }
        return values;
    }

    private static long inRange(BodyField field, Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return field.min();
            case 1:
                return field.max();
            default:
                return field.min() + Math.floorMod(random.nextLong(), field.max() - field.min() + 1);
        }
    }

    private static String token(Random random) {
        int length = 1 + random.nextInt(random.nextBoolean() ? 32 : 64);
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(random.nextInt(4) == 0 ? (char) (0x21 + random.nextInt(0x7FF)) : "0123456789abcdef"
                    .charAt(random.nextInt(16)));
        }
        return token.toString();
    }

    private static RequestBody expected(Map<BodyField, Object> values) {
        return new RequestBody(number(values, BodyField.ACQUIRE_TIMEOUT_S), number(values, BodyField.TIMEOUT_S),
                number(values, BodyField.LEASE_TTL_S),
                values.get(BodyField.LIMIT) == null ? 1 : (int) number(values, BodyField.LIMIT),
                values.get(BodyField.TOKEN) == null ? "" : (String) values.get(BodyField.TOKEN));
    }

    private static long number(Map<BodyField, Object> values, BodyField field) {
        Object value = values.get(field);
        return value == null ? 0 : (Long) value;
    }

    /** One defect: a member to add, or a field's value to replace, as raw JSON. */
    private record Defect(String name, String rawValue, boolean replace, String trailer) {
    }

    private static Defect defect(BodyKind kind, Map<BodyField, Object> values, Random random) {
        List<BodyField> fields = kind.fields();
        BodyField field = fields.get(random.nextInt(fields.size()));
        List<BodyField> integers = new ArrayList<>(fields);
        integers.remove(BodyField.TOKEN);
        switch (random.nextInt(integers.isEmpty() ? 4 : 8)) {
            case 0:
                return new Defect("unknown_" + random.nextInt(3), "1", false, "");
            case 1:
                return new Defect(null, null, false, List.of("{}", "1", "null", "\"x\"", "[]", "{", "x")
                        .get(random.nextInt(7)));
            case 2:
                values.putIfAbsent(field, field.isString() ? token(random) : inRange(field, random));
                return new Defect(field.jsonName(), field.isString() ? "\"t\"" : "1", false, "");
            case 3:
                return field.isString()
                        ? new Defect(field.jsonName(), List.of("1", "true", "[]", "{}", "\"\"", "\"a b\"",
                                "\"" + "t".repeat(257) + "\"").get(random.nextInt(7)), true, "")
                        : new Defect(field.jsonName(), List.of("\"1\"", "true", "[]", "{}").get(random.nextInt(4)),
                                true, "");
            default: {
                BodyField integer = integers.get(random.nextInt(integers.size()));
                List<String> bad = List.of("1.0", "1.5", "1e3", "0.0", "-1", Long.toString(integer.min() - 1),
                        Long.toString(integer.max() + 1), "9223372036854775808", "-9223372036854775809",
                        "1E0", "-0.5");
                if (integer == BodyField.LIMIT && random.nextBoolean()) {
                    return new Defect(integer.jsonName(), random.nextBoolean() ? "null" : "0", true, "");
                }
                return new Defect(integer.jsonName(), bad.get(random.nextInt(bad.size())), true, "");
            }
        }
    }

    /** The body as JSON, members in random order with random whitespace, with {@code defect} applied. */
    private static String json(Map<BodyField, Object> values, Random random, Defect defect) {
        List<String> members = new ArrayList<>();
        for (Map.Entry<BodyField, Object> entry : values.entrySet()) {
            String name = entry.getKey().jsonName();
            String raw = entry.getValue() == null ? "null" : entry.getValue() instanceof String text
                    ? quote(text) : entry.getValue().toString();
            if (defect != null && defect.replace() && name.equals(defect.name())) {
                raw = defect.rawValue();
            }
            members.add(quote(name) + space(random) + ":" + space(random) + raw);
        }
        if (defect != null && defect.replace() && members.stream().noneMatch(m -> m.startsWith(quote(defect.name())))) {
            members.add(quote(defect.name()) + ":" + defect.rawValue());
        }
        if (defect != null && !defect.replace() && defect.name() != null) {
            members.add(quote(defect.name()) + ":" + defect.rawValue());
        }
        Collections.shuffle(members, random);
        String body = space(random) + "{" + space(random) + String.join("," + space(random), members) + space(random)
                + "}" + space(random);
        return defect != null && defect.trailer() != null && !defect.trailer().isEmpty()
                ? body + " " + defect.trailer() : body;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String space(Random random) {
        return List.of("", "", " ", "\n", "\t ", "\r\n").get(random.nextInt(6));
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] bytes(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8).length);
    }
}
