package io.dflockd.protocol;

/**
 * One argument line split into fields on runs of protocol whitespace (PROTOCOL.md §2.4), without copying: it
 * records where the first {@value #KEPT} fields start and end, and counts them all. Also parses a field as a signed
 * decimal. One instance per decode; not shared.
 */
final class ArgumentFields {
    /** Fields whose bounds are kept; no command takes more than three, so a fourth only needs counting. */
    static final int KEPT = 3;

    private final byte[] line;
    private final int[] bounds = new int[2 * KEPT];
    private int count;
    private long parsed;

    private ArgumentFields(byte[] line) {
        this.line = line;
    }

    /** Splits {@code line[from, to)}. */
    static ArgumentFields split(byte[] line, int from, int to) {
        ArgumentFields fields = new ArgumentFields(line);
        int i = from;
        while (i < to) {
            while (i < to && WireRules.isWhitespace(line[i])) {
                i++;
            }
            if (i == to) {
                break;
            }
            int start = i;
            while (i < to && !WireRules.isWhitespace(line[i])) {
                i++;
            }
            if (fields.count < KEPT) {
                fields.bounds[2 * fields.count] = start;
                fields.bounds[2 * fields.count + 1] = i;
            }
            fields.count++;
        }
        return fields;
    }

    byte[] line() {
        return line;
    }

    int count() {
        return count;
    }

    int start(int field) {
        return bounds[2 * field];
    }

    int end(int field) {
        return bounds[2 * field + 1];
    }

    /**
     * Parses field {@code field} as a signed decimal (optional {@code +} or {@code -}, then one or more ASCII digits,
     * nothing else) that fits a {@code long}. On success returns true and {@link #parsed()} holds the value.
     */
    boolean parseInteger(int field) {
        int i = start(field);
        int end = end(field);
        boolean negative = false;
        if (line[i] == '+' || line[i] == '-') {
            negative = line[i] == '-';
            i++;
        }
        if (i == end) {
            return false;
        }
        // Accumulate negatively so that Long.MIN_VALUE is representable; the bound check precedes each step.
        long value = 0;
        for (; i < end; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                return false;
            }
            value = -value;
        }
        parsed = value;
        return true;
    }

    /** The value of the last successful {@link #parseInteger}. */
    long parsed() {
        return parsed;
    }

    /** Field {@code field} for an error detail. */
    String show(int field) {
        return Printable.of(line, start(field), end(field));
    }
}
