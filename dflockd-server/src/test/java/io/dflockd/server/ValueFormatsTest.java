package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SERVER.md §2.3 value formats. */
class ValueFormatsTest {

    @Test
    void integersAreSignedDecimalAndFitThirtyTwoBits() {
        assertThat(ValueFormats.parseInt("0")).contains(0);
        assertThat(ValueFormats.parseInt("+42")).contains(42);
        assertThat(ValueFormats.parseInt("-42")).contains(-42);
        assertThat(ValueFormats.parseInt("007")).contains(7);
        assertThat(ValueFormats.parseInt("2147483647")).contains(Integer.MAX_VALUE);
        assertThat(ValueFormats.parseInt("-2147483648")).contains(Integer.MIN_VALUE);
        assertThat(ValueFormats.parseInt("2147483648")).isEmpty();
        assertThat(ValueFormats.parseInt("-2147483649")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", "1.0", "1e3", "0x1f", " 1", "1 ", "one", "\u0663", "1_000", "++1"})
    void malformedNumbersAreRejected(String text) {
        assertThat(ValueFormats.parseInt(text)).isEmpty();
        assertThat(ValueFormats.parseSeconds(text)).isEmpty();
        assertThat(ValueFormats.parsePort(text)).isEmpty();
    }

    @Test
    void portsAreZeroTo65535() {
        assertThat(ValueFormats.parsePort("0")).contains(0);
        assertThat(ValueFormats.parsePort("65535")).contains(65535);
        assertThat(ValueFormats.parsePort("65536")).isEmpty();
        assertThat(ValueFormats.parsePort("-1")).isEmpty();
    }

    @Test
    void secondsSaturateBeyondTheLongRange() {
        assertThat(ValueFormats.parseSeconds("9223372036")).contains(9_223_372_036L);
        assertThat(ValueFormats.parseSeconds("99999999999999999999999")).contains(Long.MAX_VALUE);
        assertThat(ValueFormats.parseSeconds("-99999999999999999999999")).contains(Long.MIN_VALUE);
    }

    @Test
    void booleansAcceptSixWordsInAnyCase() {
        for (String word : new String[] {"1", "yes", "true", "YES", "True"}) {
            assertThat(ValueFormats.parseBoolean(word)).as(word).contains(true);
        }
        for (String word : new String[] {"0", "no", "false", "NO", "FaLsE"}) {
            assertThat(ValueFormats.parseBoolean(word)).as(word).contains(false);
        }
        for (String word : new String[] {"", "on", "off", "y", "n", "2", " true"}) {
            assertThat(ValueFormats.parseBoolean(word)).as(word).isEmpty();
        }
    }

    @Test
    void csvItemsAreTrimmedAndEmptyOnesDropped() {
        assertThat(ValueFormats.parseCsv(" a , b,,c ,")).containsExactly("a", "b", "c");
        assertThat(ValueFormats.parseCsv("")).isEmpty();
        assertThat(ValueFormats.parseCsv(" , ")).isEmpty();
        assertThat(ValueFormats.parseCsv("*")).containsExactly("*");
    }
}
