package io.dflockd.server.faults;

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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded server jar as a separate process for the fault, flood and security tests: {@code java [jvm options]
 * -jar dflockd-server.jar args...} with every inherited {@code DFLOCKD_*} variable removed. Its output goes to files
 * (the pipes would race with the JDK draining them at exit); the TCP port is parsed from the start-up line.
 * {@link #kill()} is SIGKILL; {@link #close()} kills what is still running and deletes the files.
 */
public final class DflockdProcess implements AutoCloseable {
    private static final Pattern TCP_LISTENER = Pattern.compile("listening: tcp (\\S+):(\\d+) ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private int tcpPort;

    private DflockdProcess(Process process, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** Starts the jar with these server flags and no extra JVM options. */
    public static DflockdProcess start(String... args) {
        return start(List.of(), args);
    }

    /** Starts the jar with JVM options (before {@code -jar}) and server flags. */
    public static DflockdProcess start(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("DFLOCKD_"));
        try {
            Path stdoutFile = Files.createTempFile("dflockd-fault-", ".stdout");
            Path stderrFile = Files.createTempFile("dflockd-fault-", ".stderr");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectOutput(stdoutFile.toFile());
            builder.redirectError(stderrFile.toFile());
            return new DflockdProcess(builder.start(), stdoutFile, stderrFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The shaded jar built in the {@code package} phase. */
    static Path jar() {
        return Path.of(System.getProperty("dflockd.server.jar", "target/dflockd-server.jar")).toAbsolutePath();
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

    /** Waits (once) for the TCP listener's start-up line and returns its port. */
    public synchronized int tcpPort() {
        if (tcpPort == 0) {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .failFast("server exited early:\n" + stderrText(), () -> !process.isAlive())
                    .until(() -> listenerLine(TCP_LISTENER).isPresent());
            Matcher matcher = TCP_LISTENER.matcher(listenerLine(TCP_LISTENER).orElseThrow());
            matcher.find();
            tcpPort = Integer.parseInt(matcher.group(2));
        }
        return tcpPort;
    }

    /** Waits for the HTTP listener's start-up line naming {@code port}. */
    public void awaitHttp(int port) {
        Pattern line = Pattern.compile("listening: http 127\\.0\\.0\\.1:" + port + " ");
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .failFast("server exited early:\n" + stderrText(), () -> !process.isAlive())
                .until(() -> listenerLine(line).isPresent());
    }

    private Optional<String> listenerLine(Pattern pattern) {
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

    /** SIGTERM: the graceful drain. */
    public void sigterm() {
        process.destroy();
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

    /** Complete lines written to stderr so far. */
    public List<String> stderr() {
        return lines(stderrFile);
    }

    public String stderrText() {
        return String.join("\n", stderr());
    }

    /** Everything written to stdout so far. */
    public String stdoutText() {
        return String.join("\n", lines(stdoutFile));
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
