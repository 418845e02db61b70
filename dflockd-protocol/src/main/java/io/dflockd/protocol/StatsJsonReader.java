package io.dflockd.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the §11 document into {@link ServerStats}; see {@link StatsJson} for what is lenient and what is not. */
final class StatsJsonReader {
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonParser parser;

    private StatsJsonReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Thrown inside the reader for a well-formed JSON document of the wrong shape; never escapes. */
    private static final class ShapeException extends Exception {
        private static final long serialVersionUID = 1L;

        ShapeException(String message) {
            super(message, null, false, false);
        }
    }

    static StatsResult read(byte[] json) {
        try (JsonParser parser = StatsJson.FACTORY.createParser(json)) {
            return new StatsResult.Parsed(new StatsJsonReader(parser).document());
        } catch (ShapeException e) {
            return new StatsResult.Malformed(e.getMessage());
        } catch (IOException | RuntimeException e) {
            // Jackson reports bad JSON (syntax, number overflow, size limits) as IOException subclasses; a
            // RuntimeException would be a bug in a dependency, still not something to leak to the caller as bad input.
            return new StatsResult.Malformed("invalid JSON: " + e.getMessage());
        }
    }

    private ServerStats document() throws IOException, ShapeException {
        expect(parser.nextToken(), JsonToken.START_OBJECT, "document");
        long connections = 0;
        List<ServerStats.LockEntry> locks = List.of();
        List<ServerStats.SemaphoreEntry> semaphores = List.of();
        List<ServerStats.IdleEntry> idleLocks = List.of();
        List<ServerStats.IdleEntry> idleSemaphores = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "connections":
                    connections = nonNegativeLong(value, field);
                    break;
                case "locks":
                    locks = array(value, field, this::lockEntry);
                    break;
                case "semaphores":
                    semaphores = array(value, field, this::semaphoreEntry);
                    break;
                case "idle_locks":
                    idleLocks = array(value, field, this::idleEntry);
                    break;
                case "idle_semaphores":
                    idleSemaphores = array(value, field, this::idleEntry);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        expect(parser.currentToken(), JsonToken.END_OBJECT, "document end");
        if (parser.nextToken() != null) {
            throw new ShapeException("data after the JSON object");
        }
        return new ServerStats(connections, locks, semaphores, idleLocks, idleSemaphores);
    }

    @FunctionalInterface
    private interface EntryReader<T> {
        T read() throws IOException, ShapeException;
    }

    private <T> List<T> array(JsonToken value, String field, EntryReader<T> entry)
            throws IOException, ShapeException {
        if (value == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(value, JsonToken.START_ARRAY, field);
        List<T> entries = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            expect(parser.currentToken(), JsonToken.START_OBJECT, field + " entry");
            entries.add(entry.read());
        }
        return entries;
    }

    private ServerStats.LockEntry lockEntry() throws IOException, ShapeException {
        byte[] key = null;
        long owner = 0;
        long lease = 0;
        int waiters = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "key":
                    key = key(value);
                    break;
                case "owner_conn_id":
                    owner = nonNegativeLong(value, field);
                    break;
                case "lease_expires_in_s":
                    lease = nanos(value, field);
                    break;
                case "waiters":
                    waiters = nonNegativeInt(value, field);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        return new ServerStats.LockEntry(requireKey(key, "locks"), owner, lease, waiters);
    }

    private ServerStats.SemaphoreEntry semaphoreEntry() throws IOException, ShapeException {
        byte[] key = null;
        int limit = 0;
        int holders = 0;
        int waiters = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "key":
                    key = key(value);
                    break;
                case "limit":
                    limit = nonNegativeInt(value, field);
                    break;
                case "holders":
                    holders = nonNegativeInt(value, field);
                    break;
                case "waiters":
                    waiters = nonNegativeInt(value, field);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        return new ServerStats.SemaphoreEntry(requireKey(key, "semaphores"), limit, holders, waiters);
    }

    private ServerStats.IdleEntry idleEntry() throws IOException, ShapeException {
        byte[] key = null;
        long idle = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("key".equals(field)) {
                key = key(value);
            } else if ("idle_s".equals(field)) {
                idle = nanos(value, field);
            } else {
                parser.skipChildren();
            }
        }
        return new ServerStats.IdleEntry(requireKey(key, "idle"), idle);
    }

    private byte[] key(JsonToken value) throws IOException, ShapeException {
        expect(value, JsonToken.VALUE_STRING, "key");
        return parser.getText().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] requireKey(byte[] key, String array) throws ShapeException {
        if (key == null || key.length == 0) {
            throw new ShapeException(array + " entry without a key");
        }
        return key;
    }

    private long nonNegativeLong(JsonToken value, String field) throws IOException, ShapeException {
        expect(value, JsonToken.VALUE_NUMBER_INT, field);
        long number = parser.getLongValue();
        if (number < 0) {
            throw new ShapeException(field + " is negative: " + number);
        }
        return number;
    }

    private int nonNegativeInt(JsonToken value, String field) throws IOException, ShapeException {
        long number = nonNegativeLong(value, field);
        if (number > Integer.MAX_VALUE) {
            throw new ShapeException(field + " is too large: " + number);
        }
        return (int) number;
    }

    /** A non-negative seconds number as whole nanoseconds: negatives read as 0, huge values saturate. */
    private long nanos(JsonToken value, String field) throws IOException, ShapeException {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new ShapeException(field + " is not a number");
        }
        BigDecimal seconds = parser.getDecimalValue();
        // Decide extreme magnitudes from the digit count first: rescaling 1e999999999 or 1e-999999999 would
        // materialize a gigantic power of ten.
        int integerDigits = seconds.precision() - seconds.scale();
        if (seconds.signum() <= 0 || integerDigits < -10) {
            return 0;
        }
        if (integerDigits > 11) {
            return Long.MAX_VALUE;
        }
        BigDecimal nanos = seconds.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.DOWN);
        return nanos.compareTo(MAX_NANOS) > 0 ? Long.MAX_VALUE : nanos.longValueExact();
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws ShapeException {
        if (actual != expected) {
            throw new ShapeException(what + ": expected " + expected + ", found " + actual);
        }
    }
}
