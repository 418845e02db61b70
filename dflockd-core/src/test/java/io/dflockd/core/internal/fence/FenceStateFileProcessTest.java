package io.dflockd.core.internal.fence;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.FenceStateException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** G8 with a real second process: the exclusive lock is an OS lock, not only a check inside this JVM. */
class FenceStateFileProcessTest {
    @TempDir
    Path directory;

    private record ProbeResult(int exitCode, String output) {
    }

    private ProbeResult probe(Path file) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        String classPath = System.getProperty("java.class.path");
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            classPath = classPath + File.pathSeparator + modulePath; // surefire may put the module on the module path
        }
        Path output = directory.resolve("probe-" + System.nanoTime() + ".out");
        List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath, FenceLockProbe.class.getName(),
                file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            Assertions.fail("probe process did not finish in 30 s: " + Files.readString(output));
        }
        return new ProbeResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(90)
    void aSecondProcessOnALockedFileIsRefusedAndMayStartOnceTheFirstCloses() throws Exception {
        Path file = directory.resolve("fences.state");
        try (FenceSource first = Fences.open(FencesTest.config(Optional.of(file), Instant.now()))) {
            // Refusing a second opener inside this JVM must not drop the OS lock the first one holds.
            Assertions.assertThatThrownBy(() -> Fences.open(FencesTest.config(Optional.of(file), Instant.now())))
                    .isInstanceOf(FenceStateException.class);

            ProbeResult refused = probe(file);

            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(FenceLockProbe.REFUSED);
            assertThat(refused.output()).contains("REFUSED").contains(file.toString()).contains("another process");
            assertThat(first.next()).isNotEqualTo(FenceSource.EXHAUSTED);
        }

        ProbeResult opened = probe(file);

        assertThat(opened.exitCode()).as(opened.output()).isEqualTo(FenceLockProbe.OPENED);
        assertThat(opened.output()).contains("OPENED first fence");
    }
}
