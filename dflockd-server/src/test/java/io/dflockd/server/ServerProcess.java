package io.dflockd.server;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a separate process: {@code java -jar target/dflockd-server.jar} (or the {@code ./dflockd}
 * launcher) with a clean {@code DFLOCKD_*} environment. Its stdout and stderr go to files (reading the pipes from
 * threads races with the JDK draining them at process exit and can lose the last lines); the TCP port is parsed from
 * the start-up log line. {@link #close()} kills what is still running and deletes the files.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern TCP_LISTENER = Pattern.compile("listening: tcp (\\S+):(\\d+) ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private ServerProcess(Process process, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** The shaded jar built in the {@code package} phase. */
    static Path jar() {
        return Path.of(System.getProperty("dflockd.server.jar", "target/dflockd-server.jar")).toAbsolutePath();
    }

    /** The {@code ./dflockd} launcher at the repository root. */
    static Path launcher() {
        return Path.of(System.getProperty("dflockd.launcher", "../dflockd")).toAbsolutePath().normalize();
    }

    /** The java executable of the JVM running the tests. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code java -jar dflockd-server.jar args...} with exactly the given {@code DFLOCKD_*} variables. */
    static ServerProcess startJar(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return start(command, environment, Optional.empty());
    }

    /** Starts a command with the inherited environment minus every {@code DFLOCKD_*}, plus the given variables. */
    static ServerProcess start(List<String> command, Map<String, String> environment, Optional<Path> workingDir) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("DFLOCKD_"));
        builder.environment().putAll(environment);
        workingDir.ifPresent(dir -> builder.directory(dir.toFile()));
        try {
            Path stdoutFile = Files.createTempFile("dflockd-it-", ".stdout");
            Path stderrFile = Files.createTempFile("dflockd-it-", ".stderr");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectOutput(stdoutFile.toFile());
            builder.redirectError(stderrFile.toFile());
            return new ServerProcess(builder.start(), stdoutFile, stderrFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the TCP listener's start-up line and returns its port. */
    int awaitTcpPort() {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .failFast("server exited early:\n" + stderrText(), () -> !process.isAlive())
                .until(() -> tcpListenerLine().isPresent());
        Matcher matcher = TCP_LISTENER.matcher(tcpListenerLine().orElseThrow());
        matcher.find();
        return Integer.parseInt(matcher.group(2));
    }

    private Optional<String> tcpListenerLine() {
        return stderr().stream().filter(line -> TCP_LISTENER.matcher(line).find()).findFirst();
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Linux). */
    void sigterm() {
        process.destroy();
    }

    /** Sends SIGINT (what Ctrl-C does) with the {@code kill} command. */
    void sigint() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -INT " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the process to end; returns the exit status. */
    int awaitExit() {
        try {
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("process did not exit; stderr:\n" + stderrText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /** Complete lines written to stdout so far. */
    List<String> stdout() {
        return lines(stdoutFile);
    }

    /** Complete lines written to stderr so far. */
    List<String> stderr() {
        return lines(stderrFile);
    }

    String stderrText() {
        return String.join("\n", stderr());
    }

    private static List<String> lines(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(stdoutFile);
            Files.deleteIfExists(stderrFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
