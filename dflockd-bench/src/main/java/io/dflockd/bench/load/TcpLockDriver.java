package io.dflockd.bench.load;

import io.dflockd.protocol.Command;
import io.dflockd.protocol.LeaseTtl;
import io.dflockd.protocol.LineReader;
import io.dflockd.protocol.LineStatus;
import io.dflockd.protocol.ReplyDecoder;
import io.dflockd.protocol.ReplyResult;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.RequestEncoder;
import io.dflockd.protocol.Response;
import io.dflockd.protocol.WireKey;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Optional;

/**
 * The TCP operation: {@code l} (or {@code sl}), then {@code r} (or {@code sr}) with the granted token, on one
 * persistent connection, each request one write, each reply read through the bounded {@link LineReader} and decoded by
 * {@link ReplyDecoder}. The acquire frames are encoded once per key; the release frame carries the fresh token.
 */
final class TcpLockDriver implements Driver {
    private static final int MAX_REPLY_BYTES = 1024;

    private final Socket socket;
    private final OutputStream out;
    private final LineReader lines;
    private final WireKey[] keys;
    private final byte[][] acquireFrames;
    private final boolean semaphore;
    private final HolderLedger ledger;
    private final long holdNanos;

    private TcpLockDriver(Socket socket, WireKey[] keys, byte[][] acquireFrames, boolean semaphore,
            HolderLedger ledger, long holdNanos) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.lines = new LineReader(socket.getInputStream());
        this.keys = keys;
        this.acquireFrames = acquireFrames;
        this.semaphore = semaphore;
        this.ledger = ledger;
        this.holdNanos = holdNanos;
    }

    /** A factory of TCP drivers on {@code keyNames}, all reporting to {@code ledger}. */
    static Driver.Factory factory(Connector connector, LoadOptions options, String[] keyNames, HolderLedger ledger) {
        WireKey[] keys = new WireKey[keyNames.length];
        byte[][] frames = new byte[keyNames.length][];
        LeaseTtl lease = options.leaseTtlSeconds() == 0 ? LeaseTtl.SERVER_DEFAULT
                : LeaseTtl.ofSeconds(options.leaseTtlSeconds());
        boolean semaphore = options.limit() > 1;
        for (int i = 0; i < keyNames.length; i++) {
            keys[i] = WireKey.of(keyNames[i]);
            Request.Acquire acquire = semaphore
                    ? Request.Acquire.semaphore(keys[i], options.acquireTimeoutSeconds(), options.limit(), lease)
                    : Request.Acquire.lock(keys[i], options.acquireTimeoutSeconds(), lease);
            frames[i] = RequestEncoder.encode(acquire);
        }
        Optional<String> token = options.authToken();
        long holdNanos = options.hold().toNanos();
        return worker -> {
            Socket socket = connector.open();
            try {
                TcpLockDriver driver = new TcpLockDriver(socket, keys, frames, semaphore, ledger, holdNanos);
                if (token.isPresent()) {
                    driver.authenticate(token.get());
                }
                return driver;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        };
    }

    private void authenticate(String token) throws IOException {
        out.write(RequestEncoder.encode(Request.Auth.of(token)));
        ReplyResult reply = readReply(Command.AUTH);
        if (!(reply instanceof Response.Ok)) {
            throw new IOException("authentication refused: " + reply);
        }
    }

    @Override
    public Outcome operate(int key) throws IOException {
        out.write(acquireFrames[key]);
        ReplyResult acquired = readReply(semaphore ? Command.SL : Command.L);
        if (acquired instanceof Response.TimedOut) {
            return Outcome.TIMEOUT;
        }
        if (!(acquired instanceof Response.Granted)) {
            return failure(acquired);
        }
        boolean exclusive = ledger.acquired(key);
        Hold.park(holdNanos);
        ledger.releasing(key);
        String token = ((Response.Granted) acquired).token();
        out.write(RequestEncoder.encode(semaphore ? Request.Release.semaphore(keys[key], token)
                : Request.Release.lock(keys[key], token)));
        ReplyResult released = readReply(semaphore ? Command.SR : Command.R);
        if (!(released instanceof Response.Ok)) {
            return failure(released);
        }
        return exclusive ? Outcome.OK : Outcome.VIOLATION;
    }

    private static Outcome failure(ReplyResult reply) throws IOException {
        if (reply instanceof Response.Failure) {
            return Outcome.ERROR;
        }
        // Anything else is a reply this command cannot get: the stream is out of step, reconnect.
        throw new IOException("unexpected reply: " + reply);
    }

    private ReplyResult readReply(Command command) throws IOException {
        LineStatus status = lines.read(MAX_REPLY_BYTES);
        if (status != LineStatus.LINE) {
            throw status == LineStatus.TOO_LONG ? new IOException("reply longer than " + MAX_REPLY_BYTES + " bytes")
                    : new EOFException("server closed the connection");
        }
        return ReplyDecoder.decode(command, lines);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
