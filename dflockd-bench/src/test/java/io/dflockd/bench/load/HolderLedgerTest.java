package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HolderLedgerTest {

    @Test
    void aSecondHolderOfALockIsAViolation() {
        HolderLedger ledger = new HolderLedger(2, 1);

        assertThat(ledger.acquired(1)).isTrue();
        assertThat(ledger.acquired(1)).isFalse();

        assertThat(ledger.violations()).isEqualTo(1);
        assertThat(ledger.firstViolation()).isEqualTo("key #1 had 2 holders at once (limit 1)");
    }

    @Test
    void holdersInTurnAndOnOtherKeysAreFine() {
        HolderLedger ledger = new HolderLedger(2, 1);

        assertThat(ledger.acquired(0)).isTrue();
        assertThat(ledger.acquired(1)).isTrue();
        ledger.releasing(0);
        assertThat(ledger.acquired(0)).isTrue();

        assertThat(ledger.violations()).isZero();
        assertThat(ledger.firstViolation()).isEmpty();
    }

    @Test
    void aSemaphoreMayHaveUpToItsLimit() {
        HolderLedger ledger = new HolderLedger(1, 3);

        assertThat(ledger.acquired(0)).isTrue();
        assertThat(ledger.acquired(0)).isTrue();
        assertThat(ledger.acquired(0)).isTrue();
        assertThat(ledger.acquired(0)).isFalse();

        assertThat(ledger.violations()).isEqualTo(1);
    }
}
