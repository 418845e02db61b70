package io.dflockd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start-up steps 2–4 in-process: binding, and failures that leave nothing open. */
@Timeout(60)
class DflockdServerIT {
    @TempDir
    Path dir;

    private static LaunchPlan plan(String... args) {
        return CliRun.of(args).plan();
    }

    @Test
    void bindFailureClosesTheEngineAndReleasesTheFenceFile() throws IOException, StartupException {
        String fenceFile = dir.resolve("fence").toString();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> DflockdServer.start(plan("--port", Integer.toString(port),
                    "--fence-state-file", fenceFile)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("cannot listen on tcp 127.0.0.1 port " + port + ": ");
        }
        DflockdServer server = DflockdServer.start(plan("--port", "0", "--fence-state-file", fenceFile));
        try {
            assertThat(server.tcpAddress().getPort()).isPositive();
        } finally {
            server.shutdown();
        }
    }

    @Test
    void secondServerOnTheSameFenceFileFailsWhileTheFirstRuns() throws StartupException {
        String fenceFile = dir.resolve("fence").toString();
        DflockdServer first = DflockdServer.start(plan("--port", "0", "--fence-state-file", fenceFile));
        try {
            assertThatThrownBy(() -> DflockdServer.start(plan("--port", "0", "--fence-state-file", fenceFile)))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining(fenceFile);
        } finally {
            first.shutdown();
        }
    }

    @Test
    void addressesAreFormattedAsHostColonPort() {
        assertThat(DflockdServer.format(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6388)))
                .isEqualTo("127.0.0.1:6388");
        assertThat(DflockdServer.format(new InetSocketAddress("::1", 6389))).isEqualTo("[0:0:0:0:0:0:0:1]:6389");
        assertThat(DflockdServer.bindHost("::1")).isEqualTo("::1");
        assertThat(DflockdServer.bindHost("")).isIn("0.0.0.0", "0:0:0:0:0:0:0:0");
    }
}
