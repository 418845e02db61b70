package io.dflockd.server;

import static io.dflockd.server.CliTest.assertConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP API flags of SERVER.md §3.4: values, environment, precedence, validation and §7.2 warnings. */
class HttpFlagsTest {
    private static final String ON = "--http-port=6389";

    /** One HTTP setting: flag, variable, a non-default value and how it reads back, and its default. */
    record HttpSetting(String flag, String variable, String value, Function<ServerSettings.HttpSettings, Object> read,
            Object expected, String defaultText, Object defaultValue) {
        @Override
        public String toString() {
            return flag;
        }
    }

    static Stream<HttpSetting> everyHttpSetting() {
        return Stream.of(
                new HttpSetting("--http-host", "DFLOCKD_HTTP_HOST", "::1", ServerSettings.HttpSettings::host, "::1",
                        "127.0.0.1", "127.0.0.1"),
                new HttpSetting("--http-session-idle-timeout", "DFLOCKD_HTTP_SESSION_IDLE_S", "0",
                        ServerSettings.HttpSettings::sessionIdleTimeout, Duration.ZERO, "20", Duration.ofSeconds(20)),
                new HttpSetting("--http-max-sessions", "DFLOCKD_HTTP_MAX_SESSIONS", "100",
                        ServerSettings.HttpSettings::maxSessions, 100, "0", 0),
                new HttpSetting("--http-max-sessions-per-ip", "DFLOCKD_HTTP_MAX_SESSIONS_PER_IP", "7",
                        ServerSettings.HttpSettings::maxSessionsPerIp, 7, "0", 0),
                new HttpSetting("--http-max-connections-per-ip", "DFLOCKD_HTTP_MAX_CONNECTIONS_PER_IP", "8",
                        ServerSettings.HttpSettings::maxConnectionsPerIp, 8, "0", 0),
                new HttpSetting("--http-rate-limit-per-ip", "DFLOCKD_HTTP_RATE_LIMIT_PER_IP", "50",
                        ServerSettings.HttpSettings::rateLimitPerIp, 50, "0", 0),
                new HttpSetting("--http-rate-limit-burst", "DFLOCKD_HTTP_RATE_LIMIT_BURST", "20",
                        ServerSettings.HttpSettings::rateLimitBurst, 20, "0", 0),
                new HttpSetting("--http-cors-allowed-origins", "DFLOCKD_HTTP_CORS_ALLOWED_ORIGINS",
                        " https://a.example , ,https://b.example,", ServerSettings.HttpSettings::corsAllowedOrigins,
                        List.of("https://a.example", "https://b.example"), "", List.of()));
    }

    private static ServerSettings.HttpSettings http(CliRun run) {
        return run.settings().http().orElseThrow(() -> new AssertionError("HTTP is off"));
    }

    @Test
    void httpIsOffByDefaultAndWithPortZero() {
        assertThat(CliRun.of().settings().http()).isEmpty();
        assertThat(CliRun.of("--http-port", "0").settings().http()).isEmpty();
        assertThat(CliRun.of(Map.of("DFLOCKD_HTTP_PORT", "6389"), "--http-port=0").settings().http()).isEmpty();
    }

    @Test
    void httpPortFromFlagOrEnvironmentTurnsTheApiOnWithDefaults() {
        ServerSettings.HttpSettings fromFlag = http(CliRun.of("--http-port", "6389"));
        assertThat(fromFlag.port()).isEqualTo(6389);
        everyHttpSetting().forEach(setting ->
                assertThat(setting.read().apply(fromFlag)).as(setting.flag()).isEqualTo(setting.defaultValue()));
        assertThat(http(CliRun.of(Map.of("DFLOCKD_HTTP_PORT", "7001"))).port()).isEqualTo(7001);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyHttpSetting")
    void flagSetsTheSetting(HttpSetting setting) {
        assertThat(setting.read().apply(http(CliRun.of(ON, setting.flag(), setting.value()))))
                .isEqualTo(setting.expected());
        assertThat(setting.read().apply(http(CliRun.of(ON, setting.flag() + "=" + setting.value()))))
                .isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyHttpSetting")
    void environmentVariableSetsTheSetting(HttpSetting setting) {
        assertThat(setting.read().apply(http(CliRun.of(Map.of(setting.variable(), setting.value()), ON))))
                .isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyHttpSetting")
    void explicitFlagBeatsTheEnvironmentEvenWithTheDefaultValue(HttpSetting setting) {
        CliRun run = CliRun.of(Map.of(setting.variable(), setting.value()), ON,
                setting.flag() + "=" + setting.defaultText());
        assertThat(setting.read().apply(http(run))).isEqualTo(setting.defaultValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyHttpSetting")
    void emptyEnvironmentVariableCountsAsUnset(HttpSetting setting) {
        assertThat(setting.read().apply(http(CliRun.of(Map.of(setting.variable(), ""), ON))))
                .isEqualTo(setting.defaultValue());
    }

    @Test
    void httpHostDefaultsToTheResolvedTcpHost() {
        assertThat(http(CliRun.of(ON, "--host", "::1")).host()).isEqualTo("::1");
        assertThat(http(CliRun.of(Map.of("DFLOCKD_HOST", "0.0.0.0"), ON)).host()).isEqualTo("0.0.0.0");
        assertThat(http(CliRun.of(Map.of("DFLOCKD_HOST", "0.0.0.0"), ON, "--http-host", "127.0.0.1")).host())
                .isEqualTo("127.0.0.1");
        assertThat(http(CliRun.of(ON, "--http-host=")).host()).isEmpty();
    }

    @Test
    void httpPortMustDifferFromTheTcpPort() {
        assertConfigError(CliRun.of("--http-port", "6388"), "--http-port must differ from --port");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_HTTP_PORT", "7000", "DFLOCKD_PORT", "7000")),
                "--http-port must differ from --port");
        assertThat(http(CliRun.of("--port", "0", "--http-port", "6389")).port()).isEqualTo(6389);
    }

    @Test
    void badHttpPortValues() {
        assertThat(CliRun.of("--http-port", "65536").exitStatus()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(CliRun.of("--http-port", "x").exitStatus()).isEqualTo(Cli.EXIT_USAGE);
        assertConfigError(CliRun.of(Map.of("DFLOCKD_HTTP_PORT", "-1")),
                "DFLOCKD_HTTP_PORT must be an integer in 0..65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--http-session-idle-timeout", "--http-max-sessions", "--http-max-sessions-per-ip",
        "--http-max-connections-per-ip", "--http-rate-limit-per-ip", "--http-rate-limit-burst"})
    void negativeHttpValuesAreRejectedEvenWhenHttpIsOff(String flag) {
        assertConfigError(CliRun.of(flag, "-1"), flag + " must be >= 0");
        assertConfigError(CliRun.of(ON, flag, "-1"), flag + " must be >= 0");
        assertThat(CliRun.of(flag, "x").exitStatus()).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void httpEnvironmentValuesOfTheWrongFormExitWithStatusOne() {
        assertConfigError(CliRun.of(Map.of("DFLOCKD_HTTP_MAX_SESSIONS", "lots")),
                "DFLOCKD_HTTP_MAX_SESSIONS must be an integer");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_HTTP_SESSION_IDLE_S", "1.5")),
                "DFLOCKD_HTTP_SESSION_IDLE_S must be an integer");
        assertConfigError(CliRun.of("--http-session-idle-timeout", "9223372037"),
                "--http-session-idle-timeout too large");
    }

    @Test
    void exposedHttpListenerAddsTheHttpWarnings() {
        List<String> warnings = ExposureWarnings.of(CliRun.of(ON, "--http-host", "0.0.0.0").settings());
        assertThat(warnings).hasSize(7);
        for (String flag : List.of("--max-connections ", "--max-connections-per-ip ", "--max-waiters ",
                "--http-max-sessions ", "--http-max-sessions-per-ip ", "--http-max-connections-per-ip ",
                "--http-rate-limit-per-ip ")) {
            assertThat(warnings).anySatisfy(line -> assertThat(line).startsWith(flag + "is 0 (unlimited)"));
        }
        assertThat(warnings.get(0)).contains("tcp host '127.0.0.1', http host '0.0.0.0'");
    }

    @Test
    void httpWarningsOnlyWhenHttpIsOnAndOnlyForUnsetLimits() {
        assertThat(ExposureWarnings.of(CliRun.of(ON).settings())).isEmpty();
        assertThat(ExposureWarnings.of(CliRun.of("--host", "0.0.0.0").settings())).hasSize(3);
        List<String> warnings = ExposureWarnings.of(CliRun.of(ON, "--host", "0.0.0.0", "--http-max-sessions", "9",
                "--http-rate-limit-per-ip", "5", "--max-waiters", "1").settings());
        assertThat(warnings).hasSize(4).noneMatch(line -> line.startsWith("--http-max-sessions ")
                || line.startsWith("--http-rate-limit-per-ip ") || line.startsWith("--max-waiters "));
    }

    @Test
    void helpListsTheHttpFlags() {
        String help = CliRun.of("--help").out();
        everyHttpSetting().forEach(setting -> assertThat(help).contains(setting.flag(), setting.variable()));
        assertThat(help).contains("--http-port", "DFLOCKD_HTTP_PORT");
    }
}
