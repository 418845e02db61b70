package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.server.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dflockd} launcher (SERVER.md §1.1) run through a symlink from another directory, pointed at the jar
 * built by this module (so the test never runs a Maven build of its own): arguments pass unchanged, the JVM is
 * exec'd so its exit status is the script's, and {@code JAVA_HOME} is honoured.
 */
@Timeout(60)
class LauncherIT {
    @TempDir
    Path dir;

    private ServerProcess launch(Map<String, String> environment, String... args) throws IOException {
        Path link = dir.resolve("bin").resolve("dflockd");
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, ServerProcess.launcher());
        }
        Map<String, String> withJar = new HashMap<>(environment);
        withJar.putIfAbsent("DFLOCKD_JAR", ServerProcess.jar().toString());
        List<String> command = new ArrayList<>(List.of(link.toString()));
        command.addAll(List.of(args));
        return ServerProcess.start(command, withJar, Optional.of(dir));
    }

    @Test
    void versionThroughASymlinkFromAnotherDirectoryWithJavaHome() throws IOException {
        try (ServerProcess process = launch(Map.of("JAVA_HOME", System.getProperty("java.home")), "--version")) {
            assertThat(process.awaitExit()).isZero();
            assertThat(process.stdout()).containsExactly(System.getProperty("dflockd.version"));
            assertThat(process.stderr()).isEmpty();
        }
    }

    @Test
    void argumentsEnvironmentAndExitStatusPassThroughUnchanged() throws IOException {
        // Were "two words" split, "words" would be a positional argument: exit 2 instead of the env error.
        try (ServerProcess process = launch(Map.of("DFLOCKD_GC_INTERVAL_S", "0"), "--host", "two words")) {
            assertThat(process.awaitExit()).isEqualTo(1);
            assertThat(process.stderr()).containsExactly("dflockd: DFLOCKD_GC_INTERVAL_S must be > 0");
        }
    }

    @Test
    void javaHomeWithoutJavaIsReported() throws IOException {
        Path fakeHome = Files.createDirectories(dir.resolve("not-a-jdk"));
        try (ServerProcess process = launch(Map.of("JAVA_HOME", fakeHome.toString()), "--version")) {
            assertThat(process.awaitExit()).isEqualTo(1);
            assertThat(process.stderr()).containsExactly("dflockd: JAVA_HOME=" + fakeHome + " has no bin/java");
        }
    }

    @Test
    void missingJarIsReported() throws IOException {
        Path missing = dir.resolve("missing.jar");
        try (ServerProcess process = launch(Map.of("DFLOCKD_JAR", missing.toString()), "--version")) {
            assertThat(process.awaitExit()).isEqualTo(1);
            assertThat(process.stderr()).containsExactly("dflockd: DFLOCKD_JAR=" + missing + " does not exist");
        }
    }
}
