package io.dflockd.bench.load;

import io.dflockd.protocol.Command;
import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import io.dflockd.protocol.ReplyDecoder;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.RequestEncoder;
import io.dflockd.protocol.Response;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The memory scenario ({@code --idle-connections N}): opens N TCP connections, authenticates each and proves it
 * served with one {@code ping}, then holds them all idle for {@code --idle-hold} so the server's heap can be measured
 * (e.g. {@code jcmd <pid> GC.run} then {@code GC.heap_info}), and closes them. One thread.
 */
final class IdleConnections {
    private static final byte[] PING = RequestEncoder.encode(new Request.Ping());

    private IdleConnections() {
    }

    static void hold(LoadOptions options, int count, Duration hold, PrintStream out) throws IOException {
        Connector connector = Connector.forServer(options, options.port());
        List<Socket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = connector.open();
                sockets.add(socket);
                LineReader lines = new LineReader(socket.getInputStream(), 64);
                if (options.authToken().isPresent()) {
                    socket.getOutputStream().write(RequestEncoder.encode(Request.Auth.of(options.authToken().get())));
                    expectOk(lines, Command.AUTH, i);
                }
                socket.getOutputStream().write(PING);
                expectOk(lines, Command.PING, i);
            }
            out.println("holding " + count + " idle connections to " + connector.describe() + " for " + hold
                    + " (load tool pid " + ProcessHandle.current().pid() + ")");
            long deadline = System.nanoTime() + hold.toNanos();
            for (long left = hold.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void expectOk(LineReader lines, Command command, int connection) throws IOException {
        if (lines.read(1024) != LineStatus.LINE
                || !(ReplyDecoder.decode(command, lines.lineBytes()) instanceof Response.Ok)) {
            throw new IOException("connection " + connection + " was not served: no ok to " + command.wire());
        }
    }
}
