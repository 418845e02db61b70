package io.dflockd.server;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value formats of SERVER.md §2.3, shared by flags and environment variables. The parsers return empty for a
 * value of the wrong form; the nested picocli converters turn that into a usage error (exit 2), the
 * {@link SettingsResolver} into {@code <ENV> must be ...} (exit 1).
 */
final class ValueFormats {
    /** Largest port number. */
    static final int MAX_PORT = 65_535;

    /** Decimal only: no hex, no octal, no digits outside ASCII, no spaces. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ValueFormats() {
    }

    /** A decimal integer that fits a signed 32-bit int. */
    static Optional<Integer> parseInt(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        BigInteger value = new BigInteger(text);
        return value.bitLength() < Integer.SIZE ? Optional.of(value.intValue()) : Optional.empty();
    }

    /** A decimal integer in 0..65535. */
    static Optional<Integer> parsePort(String text) {
        return parseInt(text).filter(port -> port >= 0 && port <= MAX_PORT);
    }

    /**
     * A decimal number of whole seconds of any size. Values beyond the {@code long} range saturate, so that the range
     * checks that follow report them as too large (or as negative) instead of as a value of the wrong form.
     */
    static Optional<Long> parseSeconds(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(text).max(LONG_MIN).min(LONG_MAX).longValue());
    }

    /** {@code 1 yes true 0 no false}, case-insensitive. */
    static Optional<Boolean> parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true" -> Optional.of(Boolean.TRUE);
            case "0", "no", "false" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /** Comma-separated items, trimmed, empty items dropped. */
    static List<String> parseCsv(String text) {
        return Arrays.stream(text.split(",", -1)).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /** Flag converter for counts. */
    static final class IntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parseInt(value).orElseThrow(
                    () -> new TypeConversionException("'" + value + "' is not a decimal 32-bit integer"));
        }
    }

    /** Flag converter for ports. */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return parsePort(value).orElseThrow(
                    () -> new TypeConversionException("'" + value + "' is not a port number (0-" + MAX_PORT + ")"));
        }
    }

    /** Flag converter for whole seconds. */
    static final class SecondsConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseSeconds(value).orElseThrow(
                    () -> new TypeConversionException("'" + value + "' is not a whole number of seconds"));
        }
    }

    /** Flag converter for booleans given after {@code =} (picocli itself only takes a separate {@code true/false}). */
    static final class BooleanConverter implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return parseBoolean(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a boolean (1, yes, true, 0, no, false)"));
        }
    }
}
