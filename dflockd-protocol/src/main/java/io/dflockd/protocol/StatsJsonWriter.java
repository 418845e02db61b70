package io.dflockd.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes {@link ServerStats} as the §11 document; see {@link StatsJson} for the exact form. */
final class StatsJsonWriter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private StatsJsonWriter() {
    }

    static void write(ServerStats stats, OutputStream out) throws IOException {
        try (JsonGenerator gen = StatsJson.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.writeStartObject();
            gen.writeNumberField("connections", stats.connections());
            gen.writeArrayFieldStart("locks");
            for (ServerStats.LockEntry lock : stats.locks()) {
                gen.writeStartObject();
                writeKey(gen, lock.key());
                gen.writeNumberField("owner_conn_id", lock.ownerConnId());
                gen.writeFieldName("lease_expires_in_s");
                gen.writeNumber(seconds(lock.leaseExpiresInNanos()));
                gen.writeNumberField("waiters", lock.waiters());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("semaphores");
            for (ServerStats.SemaphoreEntry semaphore : stats.semaphores()) {
                gen.writeStartObject();
                writeKey(gen, semaphore.key());
                gen.writeNumberField("limit", semaphore.limit());
                gen.writeNumberField("holders", semaphore.holders());
                gen.writeNumberField("waiters", semaphore.waiters());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            writeIdle(gen, "idle_locks", stats.idleLocks());
            writeIdle(gen, "idle_semaphores", stats.idleSemaphores());
            gen.writeEndObject();
        }
    }

    private static void writeIdle(JsonGenerator gen, String field, List<ServerStats.IdleEntry> entries)
            throws IOException {
        gen.writeArrayFieldStart(field);
        for (ServerStats.IdleEntry idle : entries) {
            gen.writeStartObject();
            writeKey(gen, idle.key());
            gen.writeFieldName("idle_s");
            gen.writeNumber(seconds(idle.idleNanos()));
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /**
     * The key as a JSON string. Decoding replaces each malformed UTF-8 sequence (including encoded surrogates) with
     * U+FFFD; the generator then escapes control characters and writes everything else as raw UTF-8.
     */
    private static void writeKey(JsonGenerator gen, byte[] key) throws IOException {
        gen.writeStringField("key", new String(key, StandardCharsets.UTF_8));
    }

    /** Whole nanoseconds as decimal seconds, truncated to milliseconds, trailing fraction zeros dropped. */
    static String seconds(long nanos) {
        long whole = nanos / NANOS_PER_SECOND;
        int millis = (int) ((nanos % NANOS_PER_SECOND) / NANOS_PER_MILLI);
        if (millis == 0) {
            return Long.toString(whole);
        }
        int digits = 3;
        while (millis % 10 == 0) {
            millis /= 10;
            digits--;
        }
        StringBuilder text = new StringBuilder(24).append(whole).append('.');
        String fraction = Integer.toString(millis);
        for (int pad = fraction.length(); pad < digits; pad++) {
            text.append('0');
        }
        return text.append(fraction).toString();
    }
}
