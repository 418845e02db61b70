package io.dflockd.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Parses and validates the load tool's command line; every bad value is a {@link UsageException} naming it. */
final class OptionsParser {
    static final String USAGE = String.join("\n",
            "Usage: java -cp benchmarks.jar io.dflockd.bench.load.LoadMain [flags]",
            "Drives a running dflockd server: N workers, one op = acquire + release, for a fixed duration.",
            "  --host <addr>             server host (default 127.0.0.1)",
            "  --port <n>                server TCP port (default 6388)",
            "  --http-port <n>           server HTTP port (default 6389)",
            "  --http                    drive the HTTP API instead of TCP (one session per worker)",
            "  --echo                    also run the built-in echo baseline with the same workers",
            "  --echo-only               run only the echo baseline (no server needed)",
            "  --echo-port <n>           use an echo server already serving on this port (other process)",
            "  --serve-echo              only serve the echo baseline on --port until killed (for --echo-port);",
            "                            with --http, the HTTP echo baseline (com.sun.net.httpserver) on --http-port",
            "  --idle-connections <n>    only open n idle TCP connections, ping each, hold them (memory)",
            "  --idle-hold <d>           how long --idle-connections holds them (default 60s)",
            "  --matrix                  run the published matrix (echo/TCP/HTTP cells, --runs each, medians)",
            "  --workers <n>             concurrent workers (default 32)",
            "  --duration <d>            measured window: 10s, 500ms, 2m or seconds (default 10s)",
            "  --warmup <d>              unmeasured window first (default 2s)",
            "  --keys distinct|hot|<K>   one key per worker, one shared key, or K shared keys (default distinct)",
            "  --hold <d>                keep each grant this long before releasing it (default 0)",
            "  --limit <n>               semaphore limit: uses sl/sr (default 1: a lock, l/r)",
            "  --lease-ttl <s>           lease TTL in seconds, 0 = server default (default 0)",
            "  --acquire-timeout <s>     acquire wait before a timeout is counted (default 30)",
            "  --auth-token <t>          shared secret (TCP auth frame / HTTP Bearer)",
            "  --auth-token-file <path>  read the shared secret from a file",
            "  --tls                     TLS, trusting any certificate (loopback benchmarking only)",
            "  --tls-ca <pem>            TLS, trusting the CA certificate(s) in this PEM file",
            "  --server-pid <pid>        report the server's CPU seconds (from /proc/<pid>/stat)",
            "  --runs <n>                repetitions per matrix cell, median reported (default 3)",
            "  --out <dir>               directory for the JSON result and PNG charts (default load-results)",
            "  --name <base>             base name of the result files (default: derived from the scenario)",
            "  --help                    print this and exit",
            "Exit codes: 0 done, 1 mutual exclusion violated, 2 bad arguments, 3 the run failed (e.g. no server).");

    private static final long MAX_SECONDS = 9_223_372_036L;
    private static final int MAX_WORKERS = 10_000;
    private static final int MAX_LIMIT = 1_048_576;

    private Transport transport = Transport.TCP;
    private boolean withEcho;
    private boolean matrix;
    private boolean http;
    private boolean echoOnly;
    private String host = "127.0.0.1";
    private int port = 6388;
    private int httpPort = 6389;
    private int workers = 32;
    private Duration duration = Duration.ofSeconds(10);
    private Duration warmup = Duration.ofSeconds(2);
    private KeyLayout keys = KeyLayout.distinct();
    private Duration hold = Duration.ZERO;
    private int limit = 1;
    private long leaseTtl;
    private long acquireTimeout = 30;
    private Optional<String> authToken = Optional.empty();
    private boolean tlsTrustAll;
    private Optional<Path> caFile = Optional.empty();
    private OptionalLong serverPid = OptionalLong.empty();
    private int runs = 3;
    private Path outDir = Path.of("load-results");
    private String name = "";
    private OptionalInt echoPort = OptionalInt.empty();
    private boolean serveEcho;
    private int idleConnections;
    private Duration idleHold = Duration.ofSeconds(60);

    private OptionsParser() {
    }

    /** Whether the arguments ask for the usage text. */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code args}; throws with a message naming the first bad flag or value. */
    static LoadOptions parse(String[] args) throws UsageException {
        OptionsParser parser = new OptionsParser();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (parser.takesNoValue(flag)) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag.startsWith("--") ? flag + " needs a value" : "unexpected argument: "
                        + flag);
            }
            parser.takeValue(flag, args[++i]);
        }
        return parser.build();
    }

    private boolean takesNoValue(String flag) {
        switch (flag) {
            case "--http":
                http = true;
                return true;
            case "--echo":
                withEcho = true;
                return true;
            case "--echo-only":
                echoOnly = true;
                return true;
            case "--matrix":
                matrix = true;
                return true;
            case "--tls":
                tlsTrustAll = true;
                return true;
            case "--serve-echo":
                serveEcho = true;
                return true;
            default:
                return false;
        }
    }

    private void takeValue(String flag, String value) throws UsageException {
        switch (flag) {
            case "--host":
                host = requireNonBlank(flag, value);
                break;
            case "--port":
                port = (int) number(flag, value, 1, 65_535);
                break;
            case "--http-port":
                httpPort = (int) number(flag, value, 1, 65_535);
                break;
            case "--workers":
                workers = (int) number(flag, value, 1, MAX_WORKERS);
                break;
            case "--duration":
                duration = duration(flag, value, false);
                break;
            case "--warmup":
                warmup = duration(flag, value, true);
                break;
            case "--keys":
                keys = keys(value);
                break;
            case "--hold":
                hold = duration(flag, value, true);
                break;
            case "--limit":
                limit = (int) number(flag, value, 1, MAX_LIMIT);
                break;
            case "--lease-ttl":
                leaseTtl = number(flag, value, 0, MAX_SECONDS);
                break;
            case "--acquire-timeout":
                acquireTimeout = number(flag, value, 0, MAX_SECONDS);
                break;
            case "--auth-token":
                authToken = Optional.of(requireNonBlank(flag, value).strip());
                break;
            case "--auth-token-file":
                authToken = Optional.of(readToken(value));
                break;
            case "--tls-ca":
                caFile = Optional.of(readableFile(flag, value));
                break;
            case "--server-pid":
                serverPid = OptionalLong.of(pid(value));
                break;
            case "--echo-port":
                echoPort = OptionalInt.of((int) number(flag, value, 1, 65_535));
                break;
            case "--idle-connections":
                idleConnections = (int) number(flag, value, 1, 1_000_000);
                break;
            case "--idle-hold":
                idleHold = duration(flag, value, false);
                break;
            case "--runs":
                runs = (int) number(flag, value, 1, 100);
                break;
            case "--out":
                outDir = Path.of(requireNonBlank(flag, value));
                break;
            case "--name":
                name = fileBaseName(value);
                break;
            default:
                throw new UsageException("unknown flag: " + flag + " (see --help)");
        }
    }

    private LoadOptions build() throws UsageException {
        if (http && echoOnly) {
            throw new UsageException("--http and --echo-only exclude each other");
        }
        if (matrix && (http || echoOnly)) {
            throw new UsageException("--matrix runs every transport itself: drop --http/--echo-only");
        }
        if (tlsTrustAll && caFile.isPresent()) {
            throw new UsageException("--tls and --tls-ca exclude each other (--tls-ca already means TLS)");
        }
        if (httpPort == port) {
            throw new UsageException("--port and --http-port must differ: " + port);
        }
        transport = echoOnly ? Transport.ECHO : http ? Transport.HTTP : Transport.TCP;
        TlsMode tls = caFile.isPresent() ? TlsMode.CA_FILE : tlsTrustAll ? TlsMode.TRUST_ALL : TlsMode.OFF;
        return new LoadOptions(transport, withEcho, matrix, host, port, httpPort, workers, duration, warmup, keys,
                hold, limit, leaseTtl, acquireTimeout, authToken, tls, caFile, serverPid, runs, outDir, name,
                echoPort, serveEcho, idleConnections, idleHold);
    }

    private static String requireNonBlank(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be empty");
        }
        return value;
    }

    static long number(String flag, String value, long min, long max) throws UsageException {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new UsageException(flag + " must be in [" + min + ", " + max + "], got " + parsed);
        }
        return parsed;
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m} or plain seconds; at most one hour. */
    static Duration duration(String flag, String value, boolean zeroAllowed) throws UsageException {
        String text = value.strip().toLowerCase(Locale.ROOT);
        long unitMillis = 1000;
        if (text.endsWith("ms")) {
            unitMillis = 1;
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unitMillis = 60_000;
            text = text.substring(0, text.length() - 1);
        }
        long amount;
        try {
            amount = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must look like 10s, 500ms, 2m or 10, got '" + value + "'");
        }
        long millis = amount * unitMillis;
        if (amount < 0 || millis > 3_600_000 || (!zeroAllowed && millis == 0)) {
            throw new UsageException(flag + " must be " + (zeroAllowed ? "between 0" : "above 0 and at most")
                    + (zeroAllowed ? " and 1h" : " 1h") + ", got '" + value + "'");
        }
        return Duration.ofMillis(millis);
    }

    private static KeyLayout keys(String value) throws UsageException {
        switch (value) {
            case "distinct":
                return KeyLayout.distinct();
            case "hot":
                return KeyLayout.hot();
            default:
                return KeyLayout.shared((int) number("--keys (distinct, hot or a key count)", value, 1, 100_000));
        }
    }

    private static String readToken(String file) throws UsageException {
        Path path = readableFile("--auth-token-file", file);
        try {
            String token = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new UsageException("--auth-token-file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UsageException("--auth-token-file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static Path readableFile(String flag, String value) throws UsageException {
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException(flag + " " + value + " is not a readable file");
        }
        return path;
    }

    private static long pid(String value) throws UsageException {
        long pid = number("--server-pid", value, 1, Long.MAX_VALUE);
        if (!Files.isReadable(ServerCpu.statFile(pid))) {
            throw new UsageException("--server-pid " + pid + ": no such process (" + ServerCpu.statFile(pid)
                    + " is not readable)");
        }
        return pid;
    }

    private static String fileBaseName(String value) throws UsageException {
        if (!value.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new UsageException("--name must be 1-100 characters of [A-Za-z0-9._-], got '" + value + "'");
        }
        return value;
    }
}
