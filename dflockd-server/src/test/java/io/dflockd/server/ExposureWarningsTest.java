package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SERVER.md §7.2: warnings about unlimited settings only when a listener is not on loopback. */
class ExposureWarningsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "127.255.255.254", "::1",
        "0:0:0:0:0:0:0:1", "[::1]", "0000::0001"})
    void loopbackAddresses(String host) {
        assertThat(ExposureWarnings.isLoopback(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0.0.0.0", "::", "[::]", "10.0.0.1", "192.168.1.1", "::2", "example.com",
        "localhost.localdomain", "127.0.0.256", "127.1", "128.0.0.1", "foo:bar", "dead:beef::1"})
    void nonLoopbackAddresses(String host) {
        assertThat(ExposureWarnings.isLoopback(host)).isFalse();
    }

    @Test
    void defaultsOnLoopbackWarnAboutNothing() {
        assertThat(ExposureWarnings.of(CliRun.of().settings())).isEmpty();
        assertThat(ExposureWarnings.of(CliRun.of("--host", "::1").settings())).isEmpty();
        assertThat(ExposureWarnings.of(CliRun.of("--host", "localhost").settings())).isEmpty();
    }

    @Test
    void exposedListenerWarnsOncePerUnlimitedSetting() {
        for (String host : new String[] {"0.0.0.0", "", "::", "10.1.2.3", "db.example.com"}) {
            assertThat(ExposureWarnings.of(CliRun.of("--host=" + host).settings()))
                    .as(host)
                    .hasSize(3)
                    .anySatisfy(line -> assertThat(line).startsWith("--max-connections is 0 (unlimited)"))
                    .anySatisfy(line -> assertThat(line).startsWith("--max-connections-per-ip is 0 (unlimited)"))
                    .anySatisfy(line -> assertThat(line).startsWith("--max-waiters is 0 (unlimited)"));
        }
    }

    @Test
    void limitsThatAreSetDoNotWarn() {
        ServerSettings settings = CliRun.of(Map.of("DFLOCKD_HOST", "0.0.0.0", "DFLOCKD_MAX_WAITERS", "10"),
                "--max-connections", "1000").settings();
        assertThat(ExposureWarnings.of(settings)).singleElement().asString()
                .startsWith("--max-connections-per-ip is 0");
        ServerSettings bounded = CliRun.of("--host", "0.0.0.0", "--max-connections", "1",
                "--max-connections-per-ip", "1", "--max-waiters", "1").settings();
        assertThat(ExposureWarnings.of(bounded)).isEmpty();
    }
}
