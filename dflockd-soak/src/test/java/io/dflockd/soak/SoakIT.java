package io.dflockd.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The CI form of the soak: 30 s, 32 clients over TCP, HTTP and embedded sessions, checked and idle at the end. */
class SoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(SoakIT.class);

    @Test
    void thirtySecondsOfThirtyTwoClientsBreakNoRuleAndLeaveTheServerIdle() throws Exception {
        long seed = System.nanoTime();
        SoakReport report = SoakRunner.run(SoakConfig.of(32, Duration.ofSeconds(30), seed));
        LOG.info("seed {}\n{}", seed, report.toText());

        assertThat(report.violationCount()).as(report.toText()).isZero();
        assertThat(report.endChecks()).isEmpty();
        assertThat(report.operations()).containsKeys(OpKind.values());
        assertThat(report.check().grants()).as("grants").isGreaterThan(100);
        assertThat(report.answers()).containsKeys("ACQUIRE GRANTED", "ACQUIRE TIMEOUT", "ENQUEUE QUEUED",
                "WAIT GRANTED", "RELEASE OK", "RELEASE NOT_HELD", "RENEW OK", "RENEW NOT_HELD");
        assertThat(report.toJson()).contains("\"violations_total\" : 0");
    }
}
