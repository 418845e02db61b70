package io.dflockd.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a request as its three lines {@code <cmd>\n<key>\n<arg>\n} (CLIENT.md §5.3): LF only, fields separated by
 * one space, numbers as plain ASCII digits, an omitted lease as no field. {@code ping}, {@code stats} and
 * {@code auth} send {@code _} as the key line. Each call returns a fresh array for a single write. Stateless; any
 * thread.
 *
 * <p>The request records validate on construction, so everything encoded here is a frame the server accepts as
 * well-formed; {@link WireRules} has the extra client-side checks of CLIENT.md §5.4.
 */
public final class RequestEncoder {
    private static final byte[] IGNORED_KEY = {'_'};

    private RequestEncoder() {
    }

    /** The frame for {@code request}. */
    public static byte[] encode(Request request) {
        return request.accept(new Visitor());
    }

    private static final class Visitor implements Request.Visitor<byte[]> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        @Override
        public byte[] visitAcquire(Request.Acquire acquire) {
            head(acquire.command(), acquire.key());
            number(acquire.timeoutSeconds());
            if (acquire.command() == Command.SL) {
                out.write(' ');
                number(acquire.limit());
            }
            lease(acquire.lease(), true);
            return finish();
        }

        @Override
        public byte[] visitRelease(Request.Release release) {
            head(release.command(), release.key());
            out.writeBytes(TokenText.encode(release.token()));
            return finish();
        }

        @Override
        public byte[] visitRenew(Request.Renew renew) {
            head(renew.command(), renew.key());
            out.writeBytes(TokenText.encode(renew.token()));
            lease(renew.lease(), true);
            return finish();
        }

        @Override
        public byte[] visitEnqueue(Request.Enqueue enqueue) {
            head(enqueue.command(), enqueue.key());
            boolean semaphore = enqueue.command() == Command.SE;
            if (semaphore) {
                number(enqueue.limit());
            }
            lease(enqueue.lease(), semaphore);
            return finish();
        }

        @Override
        public byte[] visitWait(Request.Wait wait) {
            head(wait.command(), wait.key());
            number(wait.timeoutSeconds());
            return finish();
        }

        @Override
        public byte[] visitAuth(Request.Auth auth) {
            ignoredKeyHead(Command.AUTH);
            out.writeBytes(auth.token());
            return finish();
        }

        @Override
        public byte[] visitPing(Request.Ping ping) {
            ignoredKeyHead(Command.PING);
            out.write('_');
            return finish();
        }

        @Override
        public byte[] visitStats(Request.Stats stats) {
            ignoredKeyHead(Command.STATS);
            out.write('_');
            return finish();
        }

        private void head(Command command, WireKey key) {
            out.writeBytes(command.wireBytes());
            out.write('\n');
            out.writeBytes(key.toBytes());
            out.write('\n');
        }

        private void ignoredKeyHead(Command command) {
            out.writeBytes(command.wireBytes());
            out.write('\n');
            out.writeBytes(IGNORED_KEY);
            out.write('\n');
        }

        private void number(long value) {
            out.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }

        private void lease(LeaseTtl lease, boolean afterField) {
            if (!lease.isServerDefault()) {
                if (afterField) {
                    out.write(' ');
                }
                number(lease.secondsOr(0));
            }
        }

        private byte[] finish() {
            out.write('\n');
            return out.toByteArray();
        }
    }
}
