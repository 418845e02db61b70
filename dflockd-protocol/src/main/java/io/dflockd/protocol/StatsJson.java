package io.dflockd.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one stats JSON writer and reader (PROTOCOL.md §11), shared by TCP ({@code ok <json>}), HTTP
 * ({@code GET /v1/stats}) and the client. Built on jackson-core's streaming API only. Stateless; any thread.
 *
 * <p>Written form: a single line with no insignificant whitespace, fields in the order of §11, all four arrays
 * always present, entries in the order of the model. Keys are JSON strings made from the key bytes: control
 * characters escaped as JSON requires, other non-ASCII characters as raw UTF-8, each invalid UTF-8 sequence as
 * U+FFFD. Second values have millisecond precision (truncated), written as {@code 57.204}, {@code 12.5} or
 * {@code 3}; all numbers are plain ASCII whatever the default locale.
 *
 * <p>Reading is lenient where §11 and CLIENT.md §9 ask for forward compatibility: unknown fields are ignored, a
 * missing (or null) array is empty, a missing number is 0, a negative duration reads as 0. Anything else that is not
 * well-formed (wrong types, a missing or empty key, trailing data) is {@link StatsResult.Malformed}.
 */
public final class StatsJson {
    /**
     * Explicit about every escaping choice, so a dependency upgrade cannot change the bytes: supplementary
     * characters as one raw UTF-8 sequence (Jackson's default is a pair of <code>&#92;u</code> surrogate escapes), no
     * escaping of non-ASCII or of {@code /}.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();

    private StatsJson() {
    }

    /** The JSON document for {@code stats}, UTF-8, without a trailing newline. */
    public static byte[] write(ServerStats stats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            StatsJsonWriter.write(stats, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Writes the JSON document for {@code stats} to {@code out} (not closed, flushed). */
    public static void writeTo(ServerStats stats, OutputStream out) throws IOException {
        StatsJsonWriter.write(stats, out);
    }

    /** Reads a stats JSON document given as UTF-8 bytes. */
    public static StatsResult read(byte[] json) {
        return StatsJsonReader.read(json);
    }

    /** Reads a stats JSON document given as text (for example {@link Response.StatsJson#json()}). */
    public static StatsResult read(String json) {
        return StatsJsonReader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
