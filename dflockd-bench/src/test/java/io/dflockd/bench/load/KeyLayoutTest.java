package io.dflockd.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {

    @Test
    void distinctKeysBelongToOneWorkerEach() {
        KeyLayout layout = KeyLayout.distinct();

        assertThat(layout.keyCount(32)).isEqualTo(32);
        assertThat(layout.keyIndex(7, 32, 0)).isEqualTo(7);
        assertThat(layout.keyIndex(7, 32, 1234)).isEqualTo(7);
    }

    @Test
    void theHotKeyIsShared() {
        KeyLayout layout = KeyLayout.hot();

        assertThat(layout.keyCount(100)).isEqualTo(1);
        assertThat(layout.keyIndex(3, 100, 9)).isZero();
    }

    @Test
    void sharedKeysAreSweptByAllWorkersTogether() {
        KeyLayout layout = KeyLayout.shared(10);
        Set<Integer> firstRound = new HashSet<>();
        for (int op = 0; op < 5; op++) {
            for (int worker = 0; worker < 2; worker++) {
                firstRound.add(layout.keyIndex(worker, 2, op));
            }
        }

        assertThat(firstRound).hasSize(10);
        assertThat(layout.keyIndex(1, 2, 5)).isEqualTo(1);
        assertThat(layout.label()).isEqualTo("10");
    }
}
