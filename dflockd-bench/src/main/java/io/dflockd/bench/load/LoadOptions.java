package io.dflockd.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A validated command line. {@link OptionsParser} builds it; every value here is already checked.
 *
 * @param transport         what a single run drives ({@link Transport#ECHO} for {@code --echo-only})
 * @param withEcho          also run the echo baseline with the same workers and report the ratio ({@code --echo})
 * @param matrix            run the published scenario matrix instead of one scenario ({@code --matrix})
 * @param host              the server's host (TCP and HTTP)
 * @param port              the server's TCP port
 * @param httpPort          the server's HTTP port
 * @param workers           concurrent workers, each with one connection or session
 * @param duration          the measured window
 * @param warmup            the unmeasured window before it
 * @param keys              which keys the operations use
 * @param hold              how long a worker keeps each grant before releasing it (a critical section), usually 0
 * @param limit             1 for locks ({@code l}/{@code r}), more for a semaphore ({@code sl}/{@code sr})
 * @param leaseTtlSeconds   requested lease, 0 = the server's default
 * @param acquireTimeoutSeconds how long an acquire may wait before it counts as a timeout
 * @param authToken         the shared secret, if the server wants one
 * @param tls               TLS mode
 * @param caFile            the CA PEM for {@link TlsMode#CA_FILE}
 * @param serverPid         the server's pid, to report its CPU seconds
 * @param runs              repetitions per matrix cell (the median is reported)
 * @param outDir            where the JSON result and the charts go
 * @param name              the base name of the result files
 * @param echoPort          an external echo server's port ({@code --serve-echo} in another process), or empty to
 *                          start one in this process
 * @param serveEcho         only serve the echo baseline on {@code port} until killed
 * @param idleConnections   only open this many idle TCP connections and hold them (memory scenario), or 0
 * @param idleHold          how long to hold them
 */
record LoadOptions(Transport transport, boolean withEcho, boolean matrix, String host, int port, int httpPort,
        int workers, Duration duration, Duration warmup, KeyLayout keys, Duration hold, int limit, long leaseTtlSeconds,
        long acquireTimeoutSeconds, Optional<String> authToken, TlsMode tls, Optional<Path> caFile,
        OptionalLong serverPid, int runs, Path outDir, String name, OptionalInt echoPort,
        boolean serveEcho, int idleConnections, Duration idleHold) {

    LoadOptions {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(authToken, "authToken");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(serverPid, "serverPid");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(echoPort, "echoPort");
        Objects.requireNonNull(idleHold, "idleHold");
    }

    /** The same options for another scenario (the matrix and the echo baseline reuse everything else). */
    LoadOptions withScenario(Transport newTransport, int newWorkers, KeyLayout newKeys) {
        return new LoadOptions(newTransport, false, false, host, port, httpPort, newWorkers, duration, warmup,
                newKeys, hold, limit, leaseTtlSeconds, acquireTimeoutSeconds, authToken, tls, caFile, serverPid, runs,
                outDir, name, echoPort, false, 0, idleHold);
    }

    /** The scenario's label in tables, e.g. {@code tcp distinct 32w}. */
    String scenarioLabel() {
        String keyLabel = transport == Transport.ECHO ? "" : " " + keys.label();
        String semaphore = limit > 1 && transport != Transport.ECHO ? " limit " + limit : "";
        return transport.label() + keyLabel + semaphore + " " + workers + "w";
    }
}
