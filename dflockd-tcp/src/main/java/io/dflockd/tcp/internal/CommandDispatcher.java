package io.dflockd.tcp.internal;

import io.dflockd.core.LockManager;
import io.dflockd.core.Outcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.Session;
import io.dflockd.core.Token;
import io.dflockd.protocol.LeaseTtl;
import io.dflockd.protocol.MalformedRequest;
import io.dflockd.protocol.Request;
import io.dflockd.protocol.RequestDecoder;
import io.dflockd.protocol.RequestResult;
import io.dflockd.protocol.Response;
import io.dflockd.protocol.ResponseEncoder;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one frame with the shared codec, makes the matching call on the connection's engine {@link Session} and
 * encodes the reply. It holds no lock rule: validation is the codec's, decisions are the engine's, spellings are
 * {@link WireReplies}'.
 *
 * <p>Calls that may wait ({@code l}/{@code sl}/{@code w}/{@code sw}) start in the engine's asynchronous form. Most
 * are answered at once (a free key, a grant already promoted), and those need nothing more. Only a call still pending
 * is waited for inside a watch of the connection's input (PROTOCOL.md §10): if the peer ends or floods meanwhile, the
 * reader closes the session, the call ends at once, and no reply is produced. So a watcher thread is started only for
 * a request that really queues. Handler threads; stateless apart from the manager.
 */
public final class CommandDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);

    private final StatsReplies stats;

    public CommandDispatcher(LockManager manager) {
        this.stats = new StatsReplies(manager);
    }

    /** The reply bytes for {@code frame}, or empty when the connection must close without one. */
    Optional<byte[]> dispatch(FrameReader.Frame frame, Session session, ConnectionInput input) {
        RequestResult decoded = RequestDecoder.decode(frame.commandLine(), frame.key(), frame.argument());
        if (decoded instanceof MalformedRequest malformed) {
            LOG.debug("session {}: malformed request (code {}): {}", session.id(), malformed.error().code(),
                    malformed.detail());
            return reply(WireReplies.error());
        }
        return ((Request) decoded).accept(new Call(session, input));
    }

    private static Optional<byte[]> reply(Response response) {
        return Optional.of(ResponseEncoder.encode(response));
    }

    /** An engine call that may wait, started in its asynchronous form. */
    @FunctionalInterface
    private interface Waiting {
        CompletableFuture<? extends Outcome> start();
    }

    /** One request's engine call. */
    private final class Call implements Request.Visitor<Optional<byte[]>> {
        private final Session session;
        private final ConnectionInput input;

        Call(Session session, ConnectionInput input) {
            this.session = session;
            this.input = input;
        }

        @Override
        public Optional<byte[]> visitAcquire(Request.Acquire acquire) {
            ResourceKey key = keyOf(acquire.key());
            Duration timeout = Duration.ofSeconds(acquire.timeoutSeconds());
            LeaseTtl lease = acquire.lease();
            return waiting(acquire.timeoutSeconds() > 0, () -> lease.isServerDefault()
                    ? session.acquireAsync(key, acquire.limit(), timeout)
                    : session.acquireAsync(key, acquire.limit(), timeout, seconds(lease)));
        }

        @Override
        public Optional<byte[]> visitWait(Request.Wait wait) {
            ResourceKey key = keyOf(wait.key());
            Duration timeout = Duration.ofSeconds(wait.timeoutSeconds());
            return waiting(wait.timeoutSeconds() > 0, () -> session.awaitGrantAsync(key, timeout));
        }

        @Override
        public Optional<byte[]> visitEnqueue(Request.Enqueue enqueue) {
            ResourceKey key = keyOf(enqueue.key());
            LeaseTtl lease = enqueue.lease();
            return reply(WireReplies.of(lease.isServerDefault()
                    ? session.enqueue(key, enqueue.limit())
                    : session.enqueue(key, enqueue.limit(), seconds(lease))));
        }

        @Override
        public Optional<byte[]> visitRelease(Request.Release release) {
            Optional<Token> token = Token.parse(release.token());
            if (token.isEmpty()) {
                return reply(WireReplies.error()); // not a token, so not a holder
            }
            return reply(WireReplies.of(session.release(keyOf(release.key()), token.get())));
        }

        @Override
        public Optional<byte[]> visitRenew(Request.Renew renew) {
            Optional<Token> token = Token.parse(renew.token());
            if (token.isEmpty()) {
                return reply(WireReplies.error());
            }
            ResourceKey key = keyOf(renew.key());
            LeaseTtl lease = renew.lease();
            return reply(WireReplies.of(lease.isServerDefault()
                    ? session.renew(key, token.get())
                    : session.renew(key, token.get(), seconds(lease))));
        }

        @Override
        public Optional<byte[]> visitAuth(Request.Auth auth) {
            return reply(WireReplies.error()); // no auth expected here (PROTOCOL.md §6, last paragraph)
        }

        @Override
        public Optional<byte[]> visitPing(Request.Ping ping) {
            return reply(WireReplies.ok());
        }

        @Override
        public Optional<byte[]> visitStats(Request.Stats request) {
            return Optional.of(stats.encode());
        }

        /**
         * Starts {@code call}; a call still pending is awaited under a watch of the input when {@code watch} (a timeout
         * of 0 is decided without queueing, so it is never watched). Empty = the peer left meanwhile.
         */
        private Optional<byte[]> waiting(boolean watch, Waiting call) {
            CompletableFuture<? extends Outcome> pending = call.start();
            if (pending.isDone()) {
                return reply(WireReplies.of(pending.join()));
            }
            if (watch && !input.beginWatch()) {
                return Optional.empty(); // the peer has already ended: closing the session cancels the call
            }
            Outcome outcome;
            boolean peerLeft = false;
            try {
                outcome = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the engine failed an asynchronous call", e.getCause());
            } finally {
                if (watch) {
                    peerLeft = input.endWatch();
                }
            }
            return peerLeft ? Optional.empty() : reply(WireReplies.of(outcome));
        }
    }

    private static ResourceKey keyOf(io.dflockd.protocol.WireKey key) {
        return ResourceKey.ofBytes(key.toBytes());
    }

    private static Duration seconds(LeaseTtl lease) {
        return Duration.ofSeconds(lease.secondsOr(0));
    }
}
