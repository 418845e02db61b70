package io.dflockd.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Strict decoding of request bodies (HTTP.md §8): exactly one JSON object, only the body kind's fields, no
 * duplicates, integers as JSON integers within the signed 64-bit range, the token as a string, nothing after the
 * object. Absent and {@code null} fields take 0 or {@code ""}; then the fields are validated in the body kind's
 * order and the first failure is reported with the spec's detail.
 *
 * <p>Parse errors never echo the body: source inclusion in locations is off and only the parser's original message
 * is used. Stateless and thread-safe.
 */
public final class BodyDecoder {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private BodyDecoder() {
    }

    /** Decodes and validates {@code body} as {@code kind}; throws {@link ApiException} (400) on any problem. */
    public static RequestBody decode(BodyKind kind, byte[] body) {
        Map<BodyField, Object> values = isBlank(body) ? emptyOrFail(kind) : parse(kind, body);
        long acquireTimeout = 0;
        long timeout = 0;
        long lease = 0;
        int limit = 1;
        String token = "";
        for (BodyField field : kind.fields()) {
            Object value = values.get(field);
            switch (field) {
                case ACQUIRE_TIMEOUT_S -> acquireTimeout = checkRange(field, value);
                case TIMEOUT_S -> timeout = checkRange(field, value);
                case LEASE_TTL_S -> lease = checkRange(field, value);
                case LIMIT -> limit = (int) checkRange(field, value);
                case TOKEN -> token = checkToken(value);
            }
        }
        return new RequestBody(acquireTimeout, timeout, lease, limit, token);
    }

    private static Map<BodyField, Object> emptyOrFail(BodyKind kind) {
        if (kind.bodyRequired()) {
            throw ApiError.badRequest("empty body").toException();
        }
        return new EnumMap<>(BodyField.class);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static Map<BodyField, Object> parse(BodyKind kind, byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiError.badRequest("body must be a JSON object").toException();
            }
            Map<BodyField, Object> values = new EnumMap<>(BodyField.class);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                BodyField field = BodyField.byJsonName(name);
                if (field == null || !kind.fields().contains(field)) {
                    throw ApiError.badRequest("unknown field \"" + printable(name) + "\"").toException();
                }
                values.put(field, readValue(parser, field));
            }
            if (parser.nextToken() != null) {
                throw ApiError.badRequest("unexpected data after the JSON object").toException();
            }
            return values;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("invalid JSON: " + e.getOriginalMessage()).toException();
        } catch (IOException e) {
            throw ApiError.badRequest("invalid JSON").toException();
        }
    }

    private static Object readValue(JsonParser parser, BodyField field) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (field.isString()) {
            if (token != JsonToken.VALUE_STRING) {
                throw ApiError.badRequest(field.jsonName() + " must be a string").toException();
            }
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw ApiError.badRequest(field.jsonName() + " must be an integer").toException();
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw ApiError.badRequest(field.jsonName() + " out of the 64-bit integer range").toException();
        }
        return parser.getLongValue();
    }

    private static long checkRange(BodyField field, Object value) {
        long v = value == null ? 0 : (Long) value;
        if (v < field.min()) {
            throw ApiError.badRequest(field.tooSmallDetail()).toException();
        }
        if (v > field.max()) {
            throw ApiError.badRequest(field.tooLargeDetail()).toException();
        }
        return v;
    }

    private static String checkToken(Object value) {
        String token = value == null ? "" : (String) value;
        if (token.isEmpty()) {
            throw ApiError.badRequest("token required").toException();
        }
        if (token.getBytes(StandardCharsets.UTF_8).length > BodyField.MAX_TOKEN_BYTES) {
            throw ApiError.badRequest("token too long (max 256 bytes)").toException();
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                throw ApiError.badRequest("token contains whitespace").toException();
            }
        }
        return token;
    }

    /** A field name safe to show in a detail: at most 64 characters, control characters replaced. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && i < 64; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == '"' || c == '\\' ? '?' : c);
        }
        return out.toString();
    }
}
