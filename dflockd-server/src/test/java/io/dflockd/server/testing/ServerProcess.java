package io.dflockd.server.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The real server as a separate process: {@code java [jvm options] -jar target/dflockd-server.jar args...} (or the
 * {@code ./dflockd} launcher, or any command) with every inherited {@code DFLOCKD_*} variable removed and exactly the
 * given ones added. Its stdout and stderr go to files (reading the pipes from threads races with the JDK draining
 * them at process exit and can lose the last lines); the TCP port is parsed from the start-up log line.
 * {@link #kill()} is SIGKILL; {@link #close()} kills what is still running and deletes the files.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern TCP_LISTENER = Pattern.compile("listening: tcp (\\S+):(\\d+) ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private int tcpPort;

    private ServerProcess(Process process, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** The shaded jar built in the {@code package} phase. */
    public static Path jar() {
        return Path.of(System.getProperty("dflockd.server.jar", "target/dflockd-server.jar")).toAbsolutePath();
    }

    /** The {@code ./dflockd} launcher at the repository root. */
    public static Path launcher() {
        return Path.of(System.getProperty("dflockd.launcher", "../dflockd")).toAbsolutePath().normalize();
    }

    /** The java executable of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A loopback port that was free a moment ago (HTTP port 0 means "off", so the tests pick one). */
    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar with these server flags, no {@code DFLOCKD_*} variable and no extra JVM options. */
    public static ServerProcess startJar(String... args) {
        return startJar(List.of(), Map.of(), args);
    }

    /** Starts the jar with exactly the given {@code DFLOCKD_*} variables and these server flags. */
    public static ServerProcess startJar(Map<String, String> environment, String... args) {
        return startJar(List.of(), environment, args);
    }

    /** Starts the jar with JVM options (before {@code -jar}) and these server flags. */
    public static ServerProcess startJar(List<String> jvmOptions, String... args) {
        return startJar(jvmOptions, Map.of(), args);
    }

    private static ServerProcess startJar(List<String> jvmOptions, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        return start(command, environment, Optional.empty());
    }

    /** Starts a command with the inherited environment minus every {@code DFLOCKD_*}, plus the given variables. */
    public static ServerProcess start(List<String> command, Map<String, String> environment,
            Optional<Path> workingDir) {
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

    /** Waits (once) for the TCP listener's start-up line and returns its port. */
    public synchronized int tcpPort() {
        if (tcpPort == 0) {
            awaitStartupLine(TCP_LISTENER);
            Matcher matcher = TCP_LISTENER.matcher(startupLine(TCP_LISTENER).orElseThrow());
            matcher.find();
            tcpPort = Integer.parseInt(matcher.group(2));
        }
        return tcpPort;
    }

    /** Waits for the HTTP listener's start-up line naming {@code port}. */
    public void awaitHttp(int port) {
        awaitStartupLine(Pattern.compile("listening: http 127\\.0\\.0\\.1:" + port + " "));
    }

    private void awaitStartupLine(Pattern pattern) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .failFast("server exited early:\n" + stderrText(), () -> !process.isAlive())
                .until(() -> startupLine(pattern).isPresent());
    }

    private Optional<String> startupLine(Pattern pattern) {
        return stderr().stream().filter(line -> pattern.matcher(line).find()).findFirst();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or unlocked by the server itself. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM ({@link Process#destroy()} on Linux): the graceful drain. */
    public void sigterm() {
        process.destroy();
    }

    /** Sends SIGINT (what Ctrl-C does) with the {@code kill} command. */
    public void sigint() {
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

    /** Waits for the process to end; returns its exit status. */
    public int awaitExit() {
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
    public List<String> stdout() {
        return lines(stdoutFile);
    }

    /** Complete lines written to stderr so far. */
    public List<String> stderr() {
        return lines(stderrFile);
    }

    /** Everything written to stdout so far, up to its last complete line. */
    public String stdoutText() {
        return String.join("\n", stdout());
    }

    /** Everything written to stderr so far, up to its last complete line. */
    public String stderrText() {
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
