package io.dflockd.server.floods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM, measured without any help from the server: {@code jcmd <pid> GC.class_histogram}
 * runs a full GC and lists the objects that survive it; its {@code Total} line is the live bytes. Attaching needs the
 * same user and a JDK (both true for a server the test started with its own java).
 */
final class LiveHeap {
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private LiveHeap() {
    }

    /** Bytes of live objects in process {@code pid} after a full GC. */
    static long bytes(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("jcmd failed: " + output);
            }
            Matcher total = TOTAL.matcher(output);
            if (!total.find()) {
                throw new AssertionError("no Total line in the class histogram: " + output);
            }
            return Long.parseLong(total.group(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
