package io.dflockd.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Command line: {@code SoakMain [--clients N] [--duration 10m|90s|500ms] [--seed S] [--json FILE]
 * [--no-shortening-renews]}. Prints the text summary on stdout, writes the JSON summary to {@code FILE} if given,
 * and exits 0 only with no violation (1 with violations, 2 on a usage error).
 */
public final class SoakMain {
    private SoakMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int clients = 32;
        Duration duration = Duration.ofSeconds(30);
        long seed = System.nanoTime();
        Path json = null;
        boolean shorteningRenews = true;
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--no-shortening-renews")) {
                    shorteningRenews = false;
                    continue;
                }
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--duration" -> duration = parseDuration(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--json" -> json = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: SoakMain [--clients N] [--duration 10m|90s|500ms] [--seed S]"
                    + " [--json FILE] [--no-shortening-renews]");
            System.exit(2);
            return;
        }
        SoakReport report = SoakRunner.run(SoakConfig.of(clients, duration, seed)
                .withShorteningRenews(shorteningRenews));
        out.print(report.toText());
        if (json != null) {
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
        }
        System.exit(report.violationCount() == 0 ? 0 : 1);
    }

    /** {@code 10m}, {@code 90s}, {@code 500ms}, or an ISO-8601 duration. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(text.trim());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("invalid duration " + text, e);
            }
        } else if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        } else if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        throw new IllegalArgumentException("invalid duration " + text + " (use 10m, 90s, 500ms, 2h or PT30S)");
    }
}
