package io.dflockd.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Runs scenarios against the server named by the options or against the built-in echo server, which it starts on
 * first use and stops on {@link #close()}. Key names are {@code load-<random>-<i>}: fresh per invocation (a key
 * left held by a killed earlier invocation cannot stall this one) and stable across the runs of one invocation (a
 * matrix does not create new keys for every run, which would run into the server's {@code --max-locks}).
 * One thread.
 */
final class ScenarioRunner implements AutoCloseable {
    private static final int ECHO_READ_TIMEOUT_MILLIS = 30_000;

    private final String keyPrefix;
    private EchoServer echo;

    private final OptionalInt externalEcho;

    /** A runner; {@code externalEcho} is the port of an echo server in another process, if any. */
    ScenarioRunner(OptionalInt externalEcho) {
        this.externalEcho = externalEcho;
        byte[] nonce = new byte[4];
        new SecureRandom().nextBytes(nonce);
        this.keyPrefix = "load-" + HexFormat.of().formatHex(nonce) + "-";
    }

    /** Runs one scenario; {@code scenario.transport()} says against what. */
    RunResult run(LoadOptions scenario) throws IOException, InterruptedException {
        String[] names = new String[scenario.keys().keyCount(scenario.workers())];
        for (int i = 0; i < names.length; i++) {
            names[i] = keyPrefix + i;
        }
        HolderLedger ledger = new HolderLedger(names.length, scenario.limit());
        switch (scenario.transport()) {
            case TCP:
                return LoadRun.run(scenario, TcpLockDriver.factory(Connector.forServer(scenario, scenario.port()),
                        scenario, names, ledger), ledger, scenario.serverPid());
            case HTTP:
                return LoadRun.run(scenario, HttpLockDriver.factory(Connector.forServer(scenario,
                        scenario.httpPort()), scenario, names, ledger), ledger, scenario.serverPid());
            case ECHO:
                InetSocketAddress address = externalEcho.isPresent()
                        ? new InetSocketAddress(scenario.host(), externalEcho.getAsInt()) : echo().address();
                Connector connector = Connector.plain(address, ECHO_READ_TIMEOUT_MILLIS);
                return LoadRun.run(scenario, EchoDriver.factory(connector, scenario, names), ledger,
                        OptionalLong.empty());
            default:
                throw new IllegalStateException("unhandled transport: " + scenario.transport());
        }
    }

    /** Whether the echo server (if started) runs its connections on virtual threads. */
    boolean echoVirtual() {
        return echo != null && echo.virtualThreads();
    }

    private EchoServer echo() throws IOException {
        if (echo == null) {
            echo = EchoServer.start();
        }
        return echo;
    }

    @Override
    public void close() throws IOException {
        if (echo != null) {
            echo.close();
        }
    }
}
