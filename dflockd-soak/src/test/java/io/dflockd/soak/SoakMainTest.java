package io.dflockd.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakMainTest {
    @Test
    void durationsTakeMinutesSecondsMillisecondsHoursOrIso() {
        assertThat(SoakMain.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(SoakMain.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SoakMain.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SoakMain.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(SoakMain.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> SoakMain.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
