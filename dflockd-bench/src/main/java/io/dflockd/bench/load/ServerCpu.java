package io.dflockd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system) a process has used, from {@code /proc/<pid>/stat} (Linux). Fields 14 and 15 count
 * clock ticks of {@code USER_HZ}, which is 100 on every Linux the JVM runs on.
 */
final class ServerCpu {
    private static final double TICKS_PER_SECOND = 100.0;

    private ServerCpu() {
    }

    static Path statFile(long pid) {
        return Path.of("/proc", Long.toString(pid), "stat");
    }

    /** Seconds of CPU that {@code pid} has used so far. */
    static double seconds(long pid) throws IOException {
        return parseSeconds(Files.readString(statFile(pid), StandardCharsets.US_ASCII));
    }

    /** Parses a stat line; the command name (field 2) may hold spaces and parentheses, so count after the last ')'. */
    static double parseSeconds(String stat) throws IOException {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IOException("unexpected /proc stat format");
        }
        String[] fields = stat.substring(close + 1).strip().split(" +");
        // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
        if (fields.length < 13) {
            throw new IOException("unexpected /proc stat format: " + fields.length + " fields after the name");
        }
        try {
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            throw new IOException("unexpected /proc stat format", e);
        }
    }
}
