package io.dflockd.http.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dflockd.core.Grant;
import io.dflockd.core.ResourceView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * The JSON response bodies of HTTP.md §9.5, written compactly with the fields in the spec's order and one trailing
 * {@code \n}. Keys are written as JSON strings of their UTF-8 text (control characters escaped, other characters raw
 * UTF-8, invalid sequences as U+FFFD), like the stats writer. Stateless and thread-safe.
 */
public final class JsonBodies {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonBodies() {
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] object(Writer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** {@code {"error":…,"detail":…}}, the detail omitted when empty. */
    public static byte[] error(ApiError error) {
        return object(json -> {
            json.writeStringField("error", error.code().wire());
            if (!error.detail().isEmpty()) {
                json.writeStringField("detail", error.detail());
            }
        });
    }

    /** {@code {"status":…}} (health, ready, timeout, queued). */
    public static byte[] status(String status) {
        return object(json -> json.writeStringField("status", status));
    }

    /** {@code {"status":"ok"|"acquired","token":…,"lease_ttl_s":…}}. */
    public static byte[] granted(String status, Grant grant) {
        return object(json -> {
            json.writeStringField("status", status);
            json.writeStringField("token", grant.token().hex());
            json.writeNumberField("lease_ttl_s", grant.leaseTtl().toSeconds());
        });
    }

    /** {@code {"remaining_s":…}}. */
    public static byte[] renewed(Duration leaseTtl) {
        return object(json -> json.writeNumberField("remaining_s", leaseTtl.toSeconds()));
    }

    /** {@code {"session_id":…,"idle_timeout_s":…}}. */
    public static byte[] sessionCreated(String id, Duration idleTimeout) {
        return object(json -> {
            json.writeStringField("session_id", id);
            json.writeNumberField("idle_timeout_s", idleTimeout.toSeconds());
        });
    }

    /**
     * The resource view of HTTP.md §9.6. {@code position} is written only when {@code withPosition} (the request
     * named a session): the 1-based queue position or {@code null}.
     */
    public static byte[] view(ResourceView view, boolean withPosition) {
        return object(json -> {
            json.writeStringField("key", view.key().asString());
            json.writeNumberField("limit", view.limit());
            json.writeNumberField("holders", view.holders().size());
            json.writeArrayFieldStart("grants");
            for (ResourceView.HolderView holder : view.holders()) {
                json.writeStartObject();
                json.writeFieldName("fence");
                json.writeNumber(new BigInteger(Long.toUnsignedString(holder.fence())));
                json.writeStringField("fence_hex", fenceHex(holder.fence()));
                json.writeFieldName("lease_expires_in_s");
                json.writeNumber(seconds(holder.leaseRemaining()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("waiters", view.waiters());
            if (withPosition) {
                json.writeFieldName("position");
                if (view.queuePosition().isPresent()) {
                    json.writeNumber(view.queuePosition().getAsInt());
                } else {
                    json.writeNull();
                }
            }
        });
    }

    static String fenceHex(long fence) {
        String hex = Long.toHexString(fence);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** A non-negative duration as seconds with millisecond precision. */
    static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(Math.max(0, duration.toMillis()), 3);
    }
}
