package io.dflockd.bench.load;

import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The echo baseline's operation: an acquire-shaped and a release-shaped request (same commands, key and sizes as the
 * real ones, a fixed 32-character token), each answered {@code ok}. Two request/reply exchanges, like a real op.
 */
final class EchoDriver implements Driver {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final Socket socket;
    private final OutputStream out;
    private final LineReader lines;
    private final byte[][] acquireFrames;
    private final byte[][] releaseFrames;

    private EchoDriver(Socket socket, byte[][] acquireFrames, byte[][] releaseFrames) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.lines = new LineReader(socket.getInputStream());
        this.acquireFrames = acquireFrames;
        this.releaseFrames = releaseFrames;
    }

    static Driver.Factory factory(Connector connector, LoadOptions options, String[] keyNames) {
        byte[][] acquire = new byte[keyNames.length][];
        byte[][] release = new byte[keyNames.length][];
        for (int i = 0; i < keyNames.length; i++) {
            acquire[i] = ("l\n" + keyNames[i] + "\n" + options.acquireTimeoutSeconds() + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
            release[i] = ("r\n" + keyNames[i] + "\n" + TOKEN + "\n").getBytes(StandardCharsets.US_ASCII);
        }
        return worker -> {
            Socket socket = connector.open();
            try {
                return new EchoDriver(socket, acquire, release);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }

    @Override
    public Outcome operate(int key) throws IOException {
        out.write(acquireFrames[key]);
        expectOk();
        out.write(releaseFrames[key]);
        expectOk();
        return Outcome.OK;
    }

    private void expectOk() throws IOException {
        if (lines.read(16) != LineStatus.LINE) {
            throw new EOFException("echo server closed the connection");
        }
        if (lines.lineLength() != 2 || lines.lineByteAt(0) != 'o' || lines.lineByteAt(1) != 'k') {
            throw new IOException("echo server answered something other than ok");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
