package io.dflockd.soak;

import static io.dflockd.soak.HistoryBuilder.token;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {
    private static final String LOCK = "lock";
    private static final String SEM = "sem";

    private final HistoryChecker checker = new HistoryChecker(Duration.ZERO, true);

    private CheckResult check(HistoryBuilder h) {
        return checker.check(h.ops());
    }

    private static void assertOnly(CheckResult result, Rule rule) {
        assertThat(result.counts()).as(result.violations().toString()).containsOnlyKeys(rule);
        assertThat(result.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.rule()).isEqualTo(rule));
    }

    private static void assertClean(CheckResult result) {
        assertThat(result.counts()).as(result.violations().toString()).isEmpty();
        assertThat(result.isClean()).isTrue();
    }

    @Nested
    class Holders {
        @Test
        void handOffAfterReleaseIsClean() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .acquire("b", LOCK, 1, 10, 2, 7, token(2))
                    .release("a", LOCK, token(1), 5, 6, Result.OK)
                    .release("b", LOCK, token(2), 8, 9, Result.OK));
            assertClean(result);
            assertThat(result.grants()).isEqualTo(2);
            assertThat(result.operations()).isEqualTo(4);
        }

        @Test
        void twoCertainHoldersOfALockAreCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .acquire("b", LOCK, 1, 10, 2, 3, token(2))
                    .release("a", LOCK, token(1), 5, 6, Result.OK)
                    .release("b", LOCK, token(2), 5, 6, Result.OK));
            assertOnly(result, Rule.OVER_LIMIT);
            assertThat(result.violations().get(0).evidence()).hasSize(4);
        }

        @Test
        void overlapExplainedByLeaseExpiryIsClean() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .acquire("b", LOCK, 1, 10, 900, 1_200, token(2))
                    .release("a", LOCK, token(1), 1_500, 1_501, Result.NOT_HELD));
            assertClean(result);
        }

        @Test
        void aShorteningRenewEndsTheCertainInterval() {
            // a renews with TTL 1 at 10 ms: its lease may end at 1010 ms, however long the first TTL was.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 30, 0, 1, token(1))
                    .renew("a", LOCK, token(1), 1, 10, 11, Result.OK)
                    .acquire("b", LOCK, 1, 10, 500, 1_100, token(2)));
            assertClean(result);
        }

        @Test
        void overlapInsideAReleaseWindowIsClean() {
            // b's grant answered while a's release was in flight: the release may have acted first.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .release("a", LOCK, token(1), 100, 300, Result.OK)
                    .acquire("b", LOCK, 1, 10, 50, 200, token(2)));
            assertClean(result);
        }

        @Test
        void overlapAfterTheOwnerMayHaveClosedIsClean() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .close("a", 100, 101, Result.SENT)
                    .acquire("b", LOCK, 1, 10, 50, 200, token(2)));
            assertClean(result);
        }

        @Test
        void aSemaphoreAllowsItsLimitButNotOneMore() {
            HistoryBuilder h = new HistoryBuilder()
                    .acquire("a", SEM, 2, 10, 0, 1, token(1))
                    .acquire("b", SEM, 2, 10, 0, 2, token(2));
            assertClean(checker.check(h.ops()));
            assertOnly(check(h.acquire("c", SEM, 2, 10, 3, 4, token(3))), Rule.OVER_LIMIT);
        }

        @Test
        void anUnexplainedFailureEndsTheSessionsCertaintyAtItsLastAnswer() {
            // a's connection broke somewhere after its last answer (1 ms): the overlap with b is not certain.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .acquire("b", LOCK, 1, 10, 2, 3, token(2))
                    .acquireFailed("a", SEM, 5, 6));
            assertOnly(result, Rule.UNEXPECTED_ANSWER);
        }
    }

    @Nested
    class TokensAndFences {
        @Test
        void aTokenGrantedTwiceIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .acquire("b", LOCK, 1, 1, 5_000, 5_001, token(1)));
            assertOnly(result, Rule.TOKEN_REUSED);
        }

        @Test
        void aFenceInTwoGrantsIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(7, 1))
                    .acquire("b", SEM, 3, 1, 5_000, 5_001, token(7, 2)));
            assertOnly(result, Rule.FENCE_REUSED);
        }

        @Test
        void aLaterGrantWithASmallerFenceIsCaughtEvenOnAnotherKey() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(5))
                    .acquire("b", SEM, 3, 10, 2, 3, token(4)));
            assertOnly(result, Rule.FENCE_ORDER);
        }

        @Test
        void concurrentGrantsMayCarryFencesInEitherOrder() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", SEM, 3, 10, 0, 10, token(5))
                    .acquire("b", SEM, 3, 10, 5, 8, token(4)));
            assertClean(result);
        }

        @Test
        void collectingAnImmediateTwoPhaseGrantIsNotASecondGrant() {
            CheckResult result = check(new HistoryBuilder()
                    .enqueue("a", LOCK, 1, 2, 0, 1, token(1))
                    .await("a", LOCK, 2, 2, 3, token(1))
                    .release("a", LOCK, token(1), 4, 5, Result.OK));
            assertClean(result);
            assertThat(result.grants()).isEqualTo(1);
        }
    }

    @Nested
    class Fifo {
        @Test
        void aLaterArrivalGrantedBeforeAQueuedWaiterIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("h", LOCK, 1, 1, 0, 1, token(1))
                    .enqueue("a", LOCK, 1, 5, 10, 11, "")
                    .acquire("b", LOCK, 1, 5, 20, 1_050, token(2))
                    .release("b", LOCK, token(2), 1_100, 1_101, Result.OK)
                    .await("a", LOCK, 5, 30, 1_102, token(3)));
            assertOnly(result, Rule.FIFO);
            assertThat(result.violations().get(0).evidence()).hasSize(3);
        }

        @Test
        void arrivalsNotCertainlyLaterMayBeGrantedFirst() {
            // b invoked before a's enqueue answered: b may have queued first.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("h", LOCK, 1, 1, 0, 1, token(1))
                    .enqueue("a", LOCK, 1, 5, 10, 25, "")
                    .acquire("b", LOCK, 1, 5, 20, 1_050, token(2))
                    .release("b", LOCK, token(2), 1_100, 1_101, Result.OK)
                    .await("a", LOCK, 5, 30, 1_102, token(3)));
            assertClean(result);
        }

        @Test
        void grantsInArrivalOrderAreClean() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("h", LOCK, 1, 1, 0, 1, token(1))
                    .enqueue("a", LOCK, 1, 5, 10, 11, "")
                    .acquire("b", LOCK, 1, 5, 20, 1_050, token(3))
                    .await("a", LOCK, 5, 30, 1_002, token(2))
                    .release("a", LOCK, token(2), 1_003, 1_004, Result.OK));
            assertClean(result);
        }
    }

    @Nested
    class Answers {
        @Test
        void successForANeverGrantedTokenIsCaught() {
            assertOnly(check(new HistoryBuilder().release("a", LOCK, token(0, 9), 0, 1, Result.OK)),
                    Rule.RELEASE_ANSWER);
            assertOnly(check(new HistoryBuilder().renew("a", LOCK, token(0, 9), 2, 0, 1, Result.OK)),
                    Rule.RENEW_ANSWER);
        }

        @Test
        void aSecondSuccessfulReleaseIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .release("a", LOCK, token(1), 2, 3, Result.OK)
                    .release("a", LOCK, token(1), 4, 5, Result.OK));
            assertOnly(result, Rule.RELEASE_ANSWER);
        }

        @Test
        void releasingACertainlyExpiredLeaseSuccessfullyIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .release("a", LOCK, token(1), 1_002, 1_003, Result.OK));
            assertOnly(result, Rule.RELEASE_ANSWER);
        }

        @Test
        void releasingAfterAShorteningRenewHasRunOutIsCaught() {
            // The pattern of the engine finding in the README: renew with a shorter TTL, release after it ran out.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", SEM, 3, 3, 0, 1, token(1))
                    .renew("a", SEM, token(1), 1, 100, 110, Result.OK)
                    .release("a", SEM, token(1), 1_200, 1_201, Result.OK));
            assertOnly(result, Rule.RELEASE_ANSWER);
        }

        @Test
        void renewingACertainlyExpiredLeaseSuccessfullyIsCaught() {
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .renew("a", LOCK, token(1), 3, 1_500, 1_501, Result.OK));
            assertOnly(result, Rule.RENEW_ANSWER);
        }

        @Test
        void successJustInsideTheLeaseUncertaintyIsClean() {
            // The grant may have happened as late as 1 ms, so its 1 s lease may last until 1001 ms.
            CheckResult result = check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .renew("a", LOCK, token(1), 1, 1_000.5, 1_000.6, Result.OK)
                    .release("a", LOCK, token(1), 1_900, 1_901, Result.OK));
            assertClean(result);
        }

        @Test
        void notHeldForATokenCertainlyHeldThroughoutIsCaught() {
            assertOnly(check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .release("a", LOCK, token(1), 5, 6, Result.NOT_HELD)), Rule.RELEASE_ANSWER);
            assertOnly(check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .renew("a", LOCK, token(1), 10, 5, 6, Result.NOT_HELD)), Rule.RENEW_ANSWER);
        }

        @Test
        void notHeldAfterTheOwnerClosedOrTheLeaseMayHaveEndedIsClean() {
            assertClean(check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .close("a", 3, 4, Result.SENT)
                    .release("b", LOCK, token(1), 5, 6, Result.NOT_HELD)));
            assertClean(check(new HistoryBuilder()
                    .acquire("a", LOCK, 1, 1, 0, 1, token(1))
                    .renew("a", LOCK, token(1), 1, 999, 1_001, Result.NOT_HELD)));
        }

        @Test
        void successAfterASynchronousCloseIsCaughtWithAutoRelease() {
            HistoryBuilder h = new HistoryBuilder()
                    .acquire("a", LOCK, 1, 10, 0, 1, token(1))
                    .close("a", 3, 4, Result.OK)
                    .release("b", LOCK, token(1), 5, 6, Result.OK);
            assertOnly(check(h), Rule.RELEASE_ANSWER);
            assertClean(new HistoryChecker(Duration.ZERO, false).check(h.ops()));
        }

        @Test
        void expectedRejectionsAreCleanOthersAreCaught() {
            assertClean(check(new HistoryBuilder()
                    .rejected("a", OpKind.WAIT, LOCK, 0, 1, "NOT_ENQUEUED")
                    .rejected("a", OpKind.ACQUIRE, LOCK, 2, 3, "LEASE_EXPIRED")));
            CheckResult result = check(new HistoryBuilder()
                    .rejected("a", OpKind.ACQUIRE, LOCK, 0, 1, "LIMIT_MISMATCH"));
            assertOnly(result, Rule.UNEXPECTED_ANSWER);
            assertThat(result.counts()).isEqualTo(Map.of(Rule.UNEXPECTED_ANSWER, 1L));
        }

        @Test
        void aFailureExplainedByACloseIsClean() {
            assertClean(check(new HistoryBuilder()
                    .acquireFailed("a", LOCK, 0, 100)
                    .close("a", 50, 51, Result.SENT)));
            assertOnly(check(new HistoryBuilder().acquireFailed("a", LOCK, 0, 100)), Rule.UNEXPECTED_ANSWER);
        }
    }

    @Test
    void violationsBeyondTheDetailCapAreStillCounted() {
        HistoryBuilder h = new HistoryBuilder();
        int n = Violations.MAX_DETAILED + 5;
        for (int i = 0; i < n; i++) {
            h.release("a", LOCK, token(0, i), i * 10, i * 10 + 1, Result.OK);
        }
        CheckResult result = check(h);
        assertThat(result.violationCount()).isEqualTo(n);
        assertThat(result.violations()).hasSize(Violations.MAX_DETAILED);
    }
}
