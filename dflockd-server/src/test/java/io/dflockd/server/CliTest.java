package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every flag and environment variable of SERVER.md §3.1–§3.3 and §3.5, their precedence and their formats. */
class CliTest {

    /** One setting: its flag, its variable, a non-default value and how it reads back, and its default. */
    record Setting(String flag, String variable, String value, Function<ServerSettings, Object> read,
            Object expected, String defaultText, Object defaultValue) {
        @Override
        public String toString() {
            return flag;
        }
    }

    static Stream<Setting> everySetting() {
        return Stream.of(
                new Setting("--host", "DFLOCKD_HOST", "::1", ServerSettings::host, "::1", "127.0.0.1",
                        "127.0.0.1"),
                new Setting("--port", "DFLOCKD_PORT", "7000", ServerSettings::port, 7000, "6388", 6388),
                new Setting("--read-timeout", "DFLOCKD_READ_TIMEOUT_S", "7", ServerSettings::readTimeout,
                        Duration.ofSeconds(7), "23", Duration.ofSeconds(23)),
                new Setting("--write-timeout", "DFLOCKD_WRITE_TIMEOUT_S", "0", ServerSettings::writeTimeout,
                        Duration.ZERO, "5", Duration.ofSeconds(5)),
                new Setting("--idle-timeout", "DFLOCKD_IDLE_TIMEOUT_S", "9", ServerSettings::idleTimeout,
                        Duration.ofSeconds(9), "0", Duration.ZERO),
                new Setting("--shutdown-timeout", "DFLOCKD_SHUTDOWN_TIMEOUT_S", "0", ServerSettings::shutdownTimeout,
                        Duration.ZERO, "30", Duration.ofSeconds(30)),
                new Setting("--max-connections", "DFLOCKD_MAX_CONNECTIONS", "100", ServerSettings::maxConnections,
                        100, "0", 0),
                new Setting("--max-connections-per-ip", "DFLOCKD_MAX_CONNECTIONS_PER_IP", "10",
                        ServerSettings::maxConnectionsPerIp, 10, "0", 0),
                new Setting("--auto-release-on-disconnect", "DFLOCKD_AUTO_RELEASE_ON_DISCONNECT", "false",
                        ServerSettings::autoReleaseOnDisconnect, false, "true", true),
                new Setting("--default-lease-ttl", "DFLOCKD_DEFAULT_LEASE_TTL_S", "60",
                        ServerSettings::defaultLeaseTtl, Duration.ofSeconds(60), "33", Duration.ofSeconds(33)),
                new Setting("--lease-sweep-interval", "DFLOCKD_LEASE_SWEEP_INTERVAL_S", "2",
                        ServerSettings::leaseSweepInterval, Duration.ofSeconds(2), "1", Duration.ofSeconds(1)),
                new Setting("--gc-interval", "DFLOCKD_GC_INTERVAL_S", "7", ServerSettings::gcInterval,
                        Duration.ofSeconds(7), "5", Duration.ofSeconds(5)),
                new Setting("--gc-max-idle", "DFLOCKD_GC_MAX_IDLE_S", "0", ServerSettings::gcMaxIdle, Duration.ZERO,
                        "60", Duration.ofSeconds(60)),
                new Setting("--max-locks", "DFLOCKD_MAX_LOCKS", "5", ServerSettings::maxLocks, 5, "1024", 1024),
                new Setting("--max-waiters", "DFLOCKD_MAX_WAITERS", "3", ServerSettings::maxWaiters, 3, "0", 0),
                new Setting("--fence-state-file", "DFLOCKD_FENCE_STATE_FILE", "/var/lib/dflockd/fence",
                        ServerSettings::fenceStateFile, Optional.of(Path.of("/var/lib/dflockd/fence")), "",
                        Optional.empty()),
                new Setting("--debug", "DFLOCKD_DEBUG", "true", ServerSettings::debug, true, "false", false));
    }

    @Test
    void noFlagsAndNoEnvironmentGiveTheDefaults() {
        CliRun run = CliRun.of();
        ServerSettings settings = run.settings();
        everySetting().forEach(setting ->
                assertThat(setting.read().apply(settings)).as(setting.flag()).isEqualTo(setting.defaultValue()));
        assertThat(settings.tls()).isEmpty();
        assertThat(settings.http()).isEmpty();
        assertThat(run.plan().authToken()).isEmpty();
        assertThat(run.plan().tlsContext()).isEmpty();
        assertThat(run.plan().warnings()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    void flagWithSeparateValueSetsTheSetting(Setting setting) {
        ServerSettings settings = CliRun.of(setting.flag(), setting.value()).settings();
        assertThat(setting.read().apply(settings)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    void flagWithEqualsValueSetsTheSetting(Setting setting) {
        ServerSettings settings = CliRun.of(setting.flag() + "=" + setting.value()).settings();
        assertThat(setting.read().apply(settings)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    void environmentVariableSetsTheSetting(Setting setting) {
        ServerSettings settings = CliRun.of(Map.of(setting.variable(), setting.value())).settings();
        assertThat(setting.read().apply(settings)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    void explicitFlagBeatsTheEnvironmentEvenWithTheDefaultValue(Setting setting) {
        ServerSettings settings = CliRun.of(Map.of(setting.variable(), setting.value()),
                setting.flag() + "=" + setting.defaultText()).settings();
        assertThat(setting.read().apply(settings)).isEqualTo(setting.defaultValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySetting")
    void emptyEnvironmentVariableCountsAsUnset(Setting setting) {
        ServerSettings settings = CliRun.of(Map.of(setting.variable(), "")).settings();
        assertThat(setting.read().apply(settings)).isEqualTo(setting.defaultValue());
    }

    @Test
    void repeatedFlagTakesTheLastValue() {
        assertThat(CliRun.of("--port", "1", "--port", "2").settings().port()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"--debug,true", "--debug=true,true", "--debug=false,false", "--debug=TRUE,true", "--debug=yes,true",
        "--debug=YES,true", "--debug=no,false", "--debug=1,true", "--debug=0,false", "--debug=False,false"})
    void booleanFlagForms(String argument, boolean expected) {
        assertThat(CliRun.of(argument).settings().debug()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "TRUE,true", "False,false"})
    void booleanFlagTakesTrueOrFalseAsTheNextWord(String word, boolean expected) {
        assertThat(CliRun.of("--debug", word).settings().debug()).isEqualTo(expected);
        assertThat(CliRun.of("--auto-release-on-disconnect", word).settings().autoReleaseOnDisconnect())
                .isEqualTo(expected);
    }

    @Test
    void booleanFlagAloneFollowedByAnotherFlagMeansTrue() {
        ServerSettings settings = CliRun.of("--auto-release-on-disconnect", "--debug", "--port", "9").settings();
        assertThat(settings.autoReleaseOnDisconnect()).isTrue();
        assertThat(settings.debug()).isTrue();
        assertThat(settings.port()).isEqualTo(9);
    }

    @Test
    void autoReleaseCanBeDisabledOnlyExplicitly() {
        assertThat(CliRun.of("--auto-release-on-disconnect=false").settings().autoReleaseOnDisconnect()).isFalse();
        assertThat(CliRun.of(Map.of("DFLOCKD_AUTO_RELEASE_ON_DISCONNECT", "no")).settings()
                .autoReleaseOnDisconnect()).isFalse();
        assertThat(CliRun.of(Map.of("DFLOCKD_AUTO_RELEASE_ON_DISCONNECT", "no"), "--auto-release-on-disconnect")
                .settings().autoReleaseOnDisconnect()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1,true", "yes,true", "TRUE,true", "Yes,true", "0,false", "no,false", "false,false", "NO,false"})
    void booleanEnvironmentForms(String value, boolean expected) {
        assertThat(CliRun.of(Map.of("DFLOCKD_DEBUG", value)).settings().debug()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "on", "off", "y", "2", " true"})
    void badBooleanEnvironmentValueExitsWithStatusOne(String value) {
        assertConfigError(CliRun.of(Map.of("DFLOCKD_DEBUG", value)), "DFLOCKD_DEBUG must be a boolean");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_AUTO_RELEASE_ON_DISCONNECT", value)),
                "DFLOCKD_AUTO_RELEASE_ON_DISCONNECT must be a boolean");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments(List.of("--bogus"), "Unknown option: '--bogus'"),
                arguments(List.of("--no-debug"), "Unknown option: '--no-debug'"),
                arguments(List.of("--port"), "Missing required parameter for option '--port'"),
                arguments(List.of("--host"), "Missing required parameter for option '--host'"),
                arguments(List.of("--host", "--port", "1"), "Expected parameter for option '--host'"),
                arguments(List.of("--port", "abc"), "'abc' is not a port number"),
                arguments(List.of("--port", "65536"), "'65536' is not a port number"),
                arguments(List.of("--port", "-1"), "'-1' is not a port number"),
                arguments(List.of("--port", "0x10"), "'0x10' is not a port number"),
                arguments(List.of("--port=", "1"), "'' is not a port number"),
                arguments(List.of("--max-connections", "2147483648"), "'2147483648' is not a decimal 32-bit"),
                arguments(List.of("--max-locks", "1e3"), "'1e3' is not a decimal 32-bit integer"),
                arguments(List.of("--max-waiters", " 5"), "' 5' is not a decimal 32-bit integer"),
                arguments(List.of("--read-timeout", "1.5"), "'1.5' is not a whole number of seconds"),
                arguments(List.of("--gc-interval", "5s"), "'5s' is not a whole number of seconds"),
                arguments(List.of("--debug=maybe"), "'maybe' is not a boolean"),
                arguments(List.of("--debug", "yes"), "Unmatched argument at index 1: 'yes'"),
                arguments(List.of("--debug", "1"), "Unmatched argument at index 1: '1'"),
                arguments(List.of("serve"), "Unmatched argument at index 0: 'serve'"),
                arguments(List.of("--", "x"), "'x'"),
                arguments(List.of("@args.txt"), "'@args.txt'"),
                arguments(List.of("-port", "1"), "'-port'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorExitsWithStatusTwoAndOneLine(List<String> args, String reason) {
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitStatus()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run.err()).startsWith("dflockd: ").contains(reason).hasLineCount(1).endsWith("\n");
        assertThat(run.out()).isEmpty();
    }

    static Stream<Arguments> numericEnvironmentVariables() {
        return Stream.of("DFLOCKD_READ_TIMEOUT_S", "DFLOCKD_WRITE_TIMEOUT_S", "DFLOCKD_IDLE_TIMEOUT_S",
                "DFLOCKD_SHUTDOWN_TIMEOUT_S", "DFLOCKD_MAX_CONNECTIONS", "DFLOCKD_MAX_CONNECTIONS_PER_IP",
                "DFLOCKD_DEFAULT_LEASE_TTL_S", "DFLOCKD_LEASE_SWEEP_INTERVAL_S", "DFLOCKD_GC_INTERVAL_S",
                "DFLOCKD_GC_MAX_IDLE_S", "DFLOCKD_MAX_LOCKS", "DFLOCKD_MAX_WAITERS")
                .flatMap(variable -> Stream.of("abc", "1.5", "0x10", " 7", "7 ", "+").map(bad -> arguments(variable,
                        bad)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("numericEnvironmentVariables")
    void badNumericEnvironmentValueExitsWithStatusOne(String variable, String value) {
        assertConfigError(CliRun.of(Map.of(variable, value)), variable + " must be an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "65536", "-1", "6388x"})
    void badPortEnvironmentValueExitsWithStatusOne(String value) {
        assertConfigError(CliRun.of(Map.of("DFLOCKD_PORT", value)), "DFLOCKD_PORT must be an integer in 0..65535");
    }

    @Test
    void countEnvironmentValueBeyondThirtyTwoBitsIsNotAnInteger() {
        assertConfigError(CliRun.of(Map.of("DFLOCKD_MAX_LOCKS", "2147483648")),
                "DFLOCKD_MAX_LOCKS must be an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--read-timeout", "--default-lease-ttl", "--lease-sweep-interval", "--gc-interval",
        "--max-locks"})
    void positiveSettingsRejectZeroAndNegative(String flag) {
        assertConfigError(CliRun.of(flag, "0"), flag + " must be > 0");
        assertConfigError(CliRun.of(flag, "-1"), flag + " must be > 0");
        assertConfigError(CliRun.of(flag + "=-5"), flag + " must be > 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--write-timeout", "--idle-timeout", "--shutdown-timeout", "--gc-max-idle",
        "--max-connections", "--max-connections-per-ip", "--max-waiters"})
    void nonNegativeSettingsRejectNegativeAndAcceptZero(String flag) {
        assertConfigError(CliRun.of(flag, "-1"), flag + " must be >= 0");
        assertThat(CliRun.of(flag, "0").exitStatus()).isEqualTo(-1);
    }

    @Test
    void environmentValueOutOfRangeIsReportedByItsVariable() {
        assertConfigError(CliRun.of(Map.of("DFLOCKD_READ_TIMEOUT_S", "0")), "DFLOCKD_READ_TIMEOUT_S must be > 0");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_MAX_WAITERS", "-3")), "DFLOCKD_MAX_WAITERS must be >= 0");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_GC_MAX_IDLE_S", "9223372037")),
                "DFLOCKD_GC_MAX_IDLE_S too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--read-timeout", "--write-timeout", "--idle-timeout", "--shutdown-timeout",
        "--default-lease-ttl", "--lease-sweep-interval", "--gc-interval", "--gc-max-idle"})
    void secondsAboveTheMaximumAreTooLarge(String flag) {
        assertConfigError(CliRun.of(flag, "9223372037"), flag + " too large");
        assertConfigError(CliRun.of(flag, "99999999999999999999999999"), flag + " too large");
        assertThat(CliRun.of(flag, "9223372036").exitStatus()).isEqualTo(-1);
    }

    @Test
    void signedDecimalValuesAreAccepted() {
        ServerSettings settings = CliRun.of("--port", "+7", "--max-locks=+012", "--read-timeout", "+3").settings();
        assertThat(settings.port()).isEqualTo(7);
        assertThat(settings.maxLocks()).isEqualTo(12);
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void portBoundsAreAccepted() {
        assertThat(CliRun.of("--port", "0").settings().port()).isZero();
        assertThat(CliRun.of("--port", "65535").settings().port()).isEqualTo(65535);
        assertThat(CliRun.of(Map.of("DFLOCKD_PORT", "0")).settings().port()).isZero();
    }

    @Test
    void emptyHostFlagBeatsTheEnvironment() {
        assertThat(CliRun.of(Map.of("DFLOCKD_HOST", "10.0.0.1"), "--host=").settings().host()).isEmpty();
    }

    @Test
    void firstFailureInFlagOrderIsReported() {
        CliRun run = CliRun.of(Map.of("DFLOCKD_MAX_LOCKS", "x"), "--read-timeout", "0");
        assertConfigError(run, "--read-timeout must be > 0");
    }

    @Test
    void tlsCertificateWithoutKeyIsRejected() {
        assertConfigError(CliRun.of("--tls-cert", "/x/cert.pem"), "--tls-cert and --tls-key must be set together");
        assertConfigError(CliRun.of("--tls-key", "/x/key.pem"), "--tls-cert and --tls-key must be set together");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_TLS_CERT", "/x/cert.pem")),
                "--tls-cert and --tls-key must be set together");
        assertConfigError(CliRun.of(Map.of("DFLOCKD_TLS_CERT", "/x/c.pem", "DFLOCKD_TLS_KEY", "/x/k.pem"),
                "--tls-key="), "--tls-cert and --tls-key must be set together");
    }

    @Test
    void tlsFilesComeFromFlagsOrEnvironment() {
        ServerSettings fromEnvironment = parsedWithoutLoading(Map.of("DFLOCKD_TLS_CERT", "/e/c.pem",
                "DFLOCKD_TLS_KEY", "/e/k.pem"), "--tls-key", "/f/k.pem");
        assertThat(fromEnvironment.tls()).contains(
                new ServerSettings.TlsFiles(Path.of("/e/c.pem"), Path.of("/f/k.pem")));
    }

    @Test
    void tlsMaterialThatCannotBeLoadedExitsWithStatusOne() {
        CliRun run = CliRun.of("--tls-cert", "/nonexistent/c.pem", "--tls-key", "/nonexistent/k.pem");
        assertConfigError(run, "cannot load TLS certificate/key: /nonexistent/c.pem: no such file");
    }

    @Test
    void helpPrintsEveryFlagToStdoutAndExitsZero() {
        for (String flag : List.of("--help", "-h")) {
            CliRun run = CliRun.of(flag);
            assertThat(run.exitStatus()).isEqualTo(Cli.EXIT_OK);
            assertThat(run.err()).isEmpty();
            everySetting().forEach(setting -> assertThat(run.out()).contains(setting.flag(), setting.variable()));
            assertThat(run.out()).contains("--tls-cert", "--tls-key", "--auth-token", "--auth-token-file",
                    "--version", "DFLOCKD_AUTH_TOKEN_FILE");
        }
    }

    @Test
    void versionPrintsOneLineToStdoutAndExitsZero() {
        CliRun run = CliRun.of(Map.of("DFLOCKD_PORT", "not-even-checked"), "--version");
        assertThat(run.exitStatus()).isEqualTo(Cli.EXIT_OK);
        assertThat(run.out()).isEqualTo(Version.current() + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionIsTheMavenProjectVersion() {
        assertThat(Version.current()).isEqualTo(System.getProperty("dflockd.version"));
    }

    @Test
    void lockManagerConfigCarriesTheEngineSettings() {
        ServerSettings settings = CliRun.of("--default-lease-ttl", "40", "--lease-sweep-interval", "2",
                "--gc-interval", "3", "--gc-max-idle", "4", "--max-locks", "50", "--max-waiters", "6",
                "--auto-release-on-disconnect=false", "--fence-state-file", "/tmp/f").settings();
        var config = settings.lockManagerConfig();
        assertThat(config.defaultLeaseTtl()).isEqualTo(Duration.ofSeconds(40));
        assertThat(config.leaseSweepInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.gcInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.gcMaxIdle()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.maxLocks()).isEqualTo(50);
        assertThat(config.maxWaiters()).isEqualTo(6);
        assertThat(config.autoReleaseOnSessionEnd()).isFalse();
        assertThat(config.fenceStateFile()).contains(Path.of("/tmp/f"));
    }

    /** Resolves settings only, so TLS paths need not exist. */
    private static ServerSettings parsedWithoutLoading(Map<String, String> environment, String... args) {
        ServerCommand command = new ServerCommand();
        Cli.commandLine(command).parseArgs(args);
        try {
            return new SettingsResolver(environment).resolve(command);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    static void assertConfigError(CliRun run, String message) {
        assertThat(run.exitStatus()).as("exit status, stderr: %s", run.err()).isEqualTo(Cli.EXIT_CONFIG);
        assertThat(run.err()).isEqualTo("dflockd: " + message + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }
}
