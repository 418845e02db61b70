package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SERVER.md §5: the four-way order, the value rules, the file errors and warnings; the token is never printed. */
class AuthTokenResolverTest {
    private static final String SECRET = "s3cret-Value";

    @TempDir
    Path dir;

    private Path file(String name, String contents, String mode) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, contents, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        return path;
    }

    private static AuthTokenResolver.Resolution resolve(Map<String, String> environment, String flag, String file)
            throws ConfigException {
        return new AuthTokenResolver(environment).resolve(flag, file);
    }

    private static String secretOf(AuthTokenResolver.Resolution resolution) {
        return resolution.token().orElseThrow().secret();
    }

    @Test
    void noSourceMeansAuthenticationIsOff() throws ConfigException {
        AuthTokenResolver.Resolution resolution = resolve(Map.of(), null, null);
        assertThat(resolution.token()).isEmpty();
        assertThat(resolution.warnings()).isEmpty();
    }

    @Test
    void emptyValuesCountAsUnset() throws ConfigException {
        AuthTokenResolver.Resolution resolution = resolve(
                Map.of("DFLOCKD_AUTH_TOKEN", "", "DFLOCKD_AUTH_TOKEN_FILE", ""), "", "");
        assertThat(resolution.token()).isEmpty();
    }

    @Test
    void commandLineTokenComesFirstAndWarnsAboutTheProcessList() throws IOException, ConfigException {
        Path tokenFile = file("t", "from-file", "rw-------");
        Map<String, String> environment = Map.of("DFLOCKD_AUTH_TOKEN", "from-env",
                "DFLOCKD_AUTH_TOKEN_FILE", tokenFile.toString());
        AuthTokenResolver.Resolution resolution = resolve(environment, SECRET, tokenFile.toString());
        assertThat(secretOf(resolution)).isEqualTo(SECRET);
        assertThat(resolution.token().orElseThrow().source()).isEqualTo("--auth-token");
        assertThat(resolution.warnings()).singleElement().asString()
                .contains("--auth-token", "process list").doesNotContain(SECRET);
    }

    @Test
    void tokenFileFlagComesSecond() throws IOException, ConfigException {
        Path flagFile = file("flag", "from-flag-file\n", "rw-------");
        Path envFile = file("env", "from-env-file\n", "rw-------");
        Map<String, String> environment = Map.of("DFLOCKD_AUTH_TOKEN", "from-env",
                "DFLOCKD_AUTH_TOKEN_FILE", envFile.toString());
        AuthTokenResolver.Resolution resolution = resolve(environment, "", flagFile.toString());
        assertThat(secretOf(resolution)).isEqualTo("from-flag-file");
        assertThat(resolution.token().orElseThrow().source()).isEqualTo("--auth-token-file " + flagFile);
        assertThat(resolution.warnings()).isEmpty();
    }

    @Test
    void environmentTokenComesThird() throws IOException, ConfigException {
        Path envFile = file("env", "from-env-file", "rw-------");
        AuthTokenResolver.Resolution resolution = resolve(Map.of("DFLOCKD_AUTH_TOKEN", " from-env ",
                "DFLOCKD_AUTH_TOKEN_FILE", envFile.toString()), null, null);
        assertThat(secretOf(resolution)).isEqualTo("from-env");
        assertThat(resolution.warnings()).isEmpty();
    }

    @Test
    void environmentTokenFileComesLast() throws IOException, ConfigException {
        Path envFile = file("env", "\t from-env-file \r\n", "rw-------");
        AuthTokenResolver.Resolution resolution =
                resolve(Map.of("DFLOCKD_AUTH_TOKEN_FILE", envFile.toString()), null, null);
        assertThat(secretOf(resolution)).isEqualTo("from-env-file");
        assertThat(resolution.token().orElseThrow().source()).isEqualTo("DFLOCKD_AUTH_TOKEN_FILE " + envFile);
    }

    @Test
    void innerSpacesAreKept() throws IOException, ConfigException {
        Path tokenFile = file("t", "  a b  c \n", "rw-------");
        assertThat(secretOf(resolve(Map.of(), null, tokenFile.toString()))).isEqualTo("a b  c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n", " \t\r\n  \n"})
    void emptyOrBlankFileIsAnError(String contents) throws IOException {
        Path tokenFile = file("t", contents, "rw-------");
        assertThatThrownBy(() -> resolve(Map.of(), null, tokenFile.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth token from --auth-token-file " + tokenFile + " is empty");
    }

    @Test
    void blankFlagIsAnError() {
        assertThatThrownBy(() -> resolve(Map.of(), "   ", null))
                .hasMessage("auth token from --auth-token is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line-one\nline-two", "line-one\r\nline-two\n", "a\rb"})
    void multiLineValueIsAnErrorThatDoesNotShowTheToken(String contents) throws IOException {
        Path tokenFile = file("t", contents, "rw-------");
        assertThatThrownBy(() -> resolve(Map.of(), null, tokenFile.toString()))
                .hasMessageContaining("must be a single line")
                .hasMessageContaining(tokenFile.toString())
                .hasMessageNotContaining("line-one").hasMessageNotContaining("line-two");
        assertThatThrownBy(() -> resolve(Map.of("DFLOCKD_AUTH_TOKEN", contents), null, null))
                .hasMessage("auth token from DFLOCKD_AUTH_TOKEN must be a single line (contains CR or LF)");
    }

    @Test
    void tokenOfExactly65536BytesIsAcceptedAndOneMoreIsNot() throws IOException, ConfigException {
        String largest = "x".repeat(AuthTokenResolver.MAX_TOKEN_BYTES);
        Path ok = file("ok", largest + "\n", "rw-------");
        assertThat(secretOf(resolve(Map.of(), null, ok.toString()))).hasSize(65_536);
        Path tooLong = file("long", largest + "y", "rw-------");
        assertThatThrownBy(() -> resolve(Map.of(), null, tooLong.toString()))
                .hasMessage("auth token from --auth-token-file " + tooLong + " is longer than 65536 bytes");
    }

    @Test
    void sizeLimitCountsUtf8Bytes() {
        String twoByteCharacters = "é".repeat(AuthTokenResolver.MAX_TOKEN_BYTES / 2 + 1);
        assertThatThrownBy(() -> resolve(Map.of(), twoByteCharacters, null))
                .hasMessage("auth token from --auth-token is longer than 65536 bytes");
    }

    @Test
    void hugeFileIsRefusedWithoutReadingItWhole() throws IOException {
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[(1 << 20) + 10]);
        assertThatThrownBy(() -> resolve(Map.of(), null, huge.toString()))
                .hasMessage("auth token file " + huge + " is longer than 65536 bytes");
    }

    @Test
    void missingFileIsAnErrorNamingThePath() {
        Path missing = dir.resolve("missing.token");
        assertThatThrownBy(() -> resolve(Map.of(), null, missing.toString()))
                .hasMessage("cannot read auth token file " + missing + ": no such file");
        assertThatThrownBy(() -> resolve(Map.of("DFLOCKD_AUTH_TOKEN_FILE", missing.toString()), null, null))
                .hasMessage("cannot read auth token file " + missing + ": no such file");
    }

    @Test
    void unreadableFileIsAnErrorNamingThePath() {
        assertThatThrownBy(() -> resolve(Map.of(), null, dir.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read auth token file " + dir + ": ");
    }

    @Test
    void invalidUtf8FileIsAnError() throws IOException {
        Path binary = dir.resolve("binary");
        Files.write(binary, new byte[] {'a', (byte) 0xff, 'b'});
        assertThatThrownBy(() -> resolve(Map.of(), null, binary.toString()))
                .hasMessage("auth token file " + binary + " is not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "r--r--r--"})
    void groupOrWorldReadableFileWarnsOnceWithPathAndMode(String mode) throws IOException, ConfigException {
        Path tokenFile = file("t", SECRET, mode);
        AuthTokenResolver.Resolution resolution = resolve(Map.of(), null, tokenFile.toString());
        String octal = AuthTokenResolver.octalMode(PosixFilePermissions.fromString(mode));
        assertThat(resolution.warnings()).singleElement().asString()
                .contains(tokenFile.toString(), "(mode " + octal + ")").doesNotContain(SECRET);
        assertThat(secretOf(resolution)).isEqualTo(SECRET);
    }

    @Test
    void privateFileDoesNotWarn() throws IOException, ConfigException {
        Path tokenFile = file("t", SECRET, "rw-------");
        assertThat(resolve(Map.of(), null, tokenFile.toString()).warnings()).isEmpty();
    }

    @Test
    void modeIsPrintedInOctal() {
        assertThat(AuthTokenResolver.octalMode(PosixFilePermissions.fromString("rw-r--r--"))).isEqualTo("0644");
        assertThat(AuthTokenResolver.octalMode(PosixFilePermissions.fromString("rwxr-x---"))).isEqualTo("0750");
        assertThat(AuthTokenResolver.octalMode(PosixFilePermissions.fromString("---------"))).isEqualTo("0000");
    }

    @Test
    void tokenNeverAppearsInToString() throws ConfigException {
        AuthTokenResolver.Resolution resolution = resolve(Map.of("DFLOCKD_AUTH_TOKEN", SECRET), null, null);
        assertThat(resolution.toString()).doesNotContain(SECRET);
        assertThat(resolution.token().orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void cliReportsTokenErrorsWithStatusOneAndCarriesTheTokenOtherwise() throws IOException {
        Path tokenFile = file("t", SECRET + "\n", "rw-r--r--");
        Map<String, String> environment = new HashMap<>();
        environment.put("DFLOCKD_AUTH_TOKEN_FILE", tokenFile.toString());
        CliRun run = CliRun.of(environment);
        assertThat(run.plan().authToken().orElseThrow().secret()).isEqualTo(SECRET);
        assertThat(run.plan().warnings()).singleElement().asString().contains("0644");
        assertThat(run.plan().toString()).doesNotContain(SECRET);

        CliRun missing = CliRun.of("--auth-token-file", dir.resolve("nope").toString());
        CliTest.assertConfigError(missing, "cannot read auth token file " + dir.resolve("nope") + ": no such file");
    }
}
