package io.dflockd.http.internal;

/** A field of a request body (HTTP.md §8.2), with its JSON name and its valid range. */
public enum BodyField {
    /** Acquire long-poll bound, seconds; 0 = try once. */
    ACQUIRE_TIMEOUT_S("acquire_timeout_s", 0, BodyField.MAX_SECONDS),
    /** Wait long-poll bound, seconds; 0 = try once. */
    TIMEOUT_S("timeout_s", 0, BodyField.MAX_SECONDS),
    /** Lease length, seconds; 0 or absent = the server default. */
    LEASE_TTL_S("lease_ttl_s", 0, BodyField.MAX_SECONDS),
    /** Semaphore limit. */
    LIMIT("limit", 1, BodyField.MAX_LIMIT),
    /** A grant token (string). */
    TOKEN("token", 0, 0);

    /** The largest seconds value: the most whole seconds whose nanoseconds fit a {@code long}. */
    public static final long MAX_SECONDS = 9_223_372_036L;
    /** The largest semaphore limit. */
    public static final long MAX_LIMIT = 1_048_576L;
    /** The longest token, in bytes. */
    public static final int MAX_TOKEN_BYTES = 256;

    private final String jsonName;
    private final long min;
    private final long max;

    BodyField(String jsonName, long min, long max) {
        this.jsonName = jsonName;
        this.min = min;
        this.max = max;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Smallest valid integer value. */
    public long min() {
        return min;
    }

    /** Largest valid integer value. */
    public long max() {
        return max;
    }

    /** Whether the field is a JSON string (else a JSON integer). */
    public boolean isString() {
        return this == TOKEN;
    }

    /** Whether the OpenAPI schema lists the field as required (absent integers otherwise mean 0). */
    public boolean required() {
        return this == TOKEN || this == LIMIT;
    }

    /** The {@code detail} for a value below {@link #min()} (HTTP.md §8.2). */
    String tooSmallDetail() {
        return this == LIMIT ? "limit must be > 0" : jsonName + " must be >= 0";
    }

    /** The {@code detail} for a value above {@link #max()}. */
    String tooLargeDetail() {
        return jsonName + " too large";
    }

    /** The field with this JSON name, or null. */
    static BodyField byJsonName(String name) {
        for (BodyField field : values()) {
            if (field.jsonName.equals(name)) {
                return field;
            }
        }
        return null;
    }
}
