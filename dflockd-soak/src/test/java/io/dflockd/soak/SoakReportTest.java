package io.dflockd.soak;

import static io.dflockd.soak.HistoryBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakReportTest {
    private static final SoakConfig CONFIG = SoakConfig.of(3, Duration.ofSeconds(5), 7);

    @Test
    void aCleanReportCountsOperationsAndAnswersAndHasNoViolations() throws Exception {
        List<Op> history = new HistoryBuilder()
                .acquire("a", "k", 1, 5, 0, 1, token(1))
                .release("a", "k", token(1), 2, 3, Result.OK)
                .acquire("b", "k", 1, 5, 4, 5, "")
                .ops();
        SoakReport report = SoakReport.of(CONFIG, Duration.ofSeconds(5), history,
                new HistoryChecker(Duration.ZERO, true).check(history), List.of());

        assertThat(report.violationCount()).isZero();
        assertThat(report.operations()).containsEntry(OpKind.ACQUIRE, 2L).containsEntry(OpKind.RELEASE, 1L);
        assertThat(report.answers()).containsEntry("ACQUIRE GRANTED", 1L).containsEntry("ACQUIRE TIMEOUT", 1L);
        assertThat(report.toText()).contains("3 clients", "violations: 0", "ACQUIRE GRANTED");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.path("violations_total").asLong()).isZero();
        assertThat(json.path("operations_total").asLong()).isEqualTo(3);
        assertThat(json.path("operations").path("ACQUIRE").asLong()).isEqualTo(2);
    }

    @Test
    void violationsOfTheCheckerAndTheEndChecksAreBothReported() throws Exception {
        List<Op> history = new HistoryBuilder()
                .acquire("a", "k", 1, 5, 0, 1, token(1))
                .acquire("b", "k", 1, 5, 2, 3, token(2))
                .ops();
        Violation stuck = new Violation(Rule.NOT_IDLE, "keys left after garbage collection", List.of("stats"));
        SoakReport report = SoakReport.of(CONFIG, Duration.ofSeconds(5), history,
                new HistoryChecker(Duration.ZERO, true).check(history), List.of(stuck));

        assertThat(report.violationCount()).isEqualTo(2);
        assertThat(report.countsByRule()).containsEntry(Rule.OVER_LIMIT, 1L).containsEntry(Rule.NOT_IDLE, 1L);
        assertThat(report.toText()).contains("OVER_LIMIT: 2 certain holders of k (limit 1)", "NOT_IDLE: keys left");
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.path("violations_total").asLong()).isEqualTo(2);
        assertThat(json.path("violations_by_rule").path("NOT_IDLE").asLong()).isEqualTo(1);
        assertThat(json.path("violations")).hasSize(2);
        assertThat(json.path("violations").get(0).path("evidence")).hasSize(2);
    }
}
