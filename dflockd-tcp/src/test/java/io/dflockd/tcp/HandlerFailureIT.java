package io.dflockd.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dflockd.core.AcquireOutcome;
import io.dflockd.core.EnqueueOutcome;
import io.dflockd.core.LockManager;
import io.dflockd.core.LockManagerConfig;
import io.dflockd.core.ReleaseOutcome;
import io.dflockd.core.RenewOutcome;
import io.dflockd.core.ResourceKey;
import io.dflockd.core.ResourceView;
import io.dflockd.core.Session;
import io.dflockd.core.StatsSnapshot;
import io.dflockd.core.Token;
import io.dflockd.core.WaitOutcome;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checklist P-14: an exception inside a command handler is answered {@code error}; everything keeps working. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandlerFailureIT {
    private static final ResourceKey BOOM = ResourceKey.of("boom");

    @Test
    void p14AnExceptionInAHandlerAnswersErrorAndKeepsTheConnection() {
        try (TestServer server = TestServer.start(engine -> { }, tcp -> { }, Exploding::new);
             WireClient c = server.client()) {
            assertThat(c.request("l", "boom", "0")).isEqualTo("error");
            assertThat(c.request("l", "boom", "5")).isEqualTo("error"); // thrown inside a watched blocking call
            assertThat(c.request("e", "boom", "")).isEqualTo("error");
            assertThat(c.request("stats", "_", "_")).isEqualTo("error");
            assertThat(c.request("ping", "_", "_")).isEqualTo("ok");
            assertThat(c.request("l", "fine", "0")).matches("ok [0-9a-f]{32} 33");
            try (WireClient other = server.client()) {
                assertThat(other.request("ping", "_", "_")).isEqualTo("ok");
            }
        }
    }

    /** A manager whose sessions throw on every call that names {@link #BOOM}, and whose stats throw. */
    private static final class Exploding implements LockManager {
        private final LockManager delegate;

        Exploding(LockManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public LockManagerConfig config() {
            return delegate.config();
        }

        @Override
        public Session openSession() {
            return new ExplodingSession(delegate.openSession());
        }

        @Override
        public StatsSnapshot stats() {
            throw new IllegalStateException("injected stats failure");
        }

        @Override
        public Optional<ResourceView> view(ResourceKey key) {
            return delegate.view(key);
        }

        @Override
        public void beginShutdown() {
            delegate.beginShutdown();
        }

        @Override
        public boolean isShuttingDown() {
            return delegate.isShuttingDown();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class ExplodingSession implements Session {
        private final Session delegate;

        ExplodingSession(Session delegate) {
            this.delegate = delegate;
        }

        private static void explodeOn(ResourceKey key) {
            if (key.equals(BOOM)) {
                throw new IllegalStateException("injected handler failure");
            }
        }

        @Override
        public long id() {
            return delegate.id();
        }

        @Override
        public boolean isOpen() {
            return delegate.isOpen();
        }

        @Override
        public AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout) throws InterruptedException {
            explodeOn(key);
            return delegate.acquire(key, limit, timeout);
        }

        @Override
        public AcquireOutcome acquire(ResourceKey key, int limit, Duration timeout, Duration leaseTtl)
                throws InterruptedException {
            explodeOn(key);
            return delegate.acquire(key, limit, timeout, leaseTtl);
        }

        @Override
        public CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout,
                Duration leaseTtl) {
            explodeOn(key);
            return delegate.acquireAsync(key, limit, timeout, leaseTtl);
        }

        @Override
        public CompletableFuture<AcquireOutcome> acquireAsync(ResourceKey key, int limit, Duration timeout) {
            explodeOn(key);
            return delegate.acquireAsync(key, limit, timeout);
        }

        @Override
        public EnqueueOutcome enqueue(ResourceKey key, int limit) {
            explodeOn(key);
            return delegate.enqueue(key, limit);
        }

        @Override
        public EnqueueOutcome enqueue(ResourceKey key, int limit, Duration leaseTtl) {
            explodeOn(key);
            return delegate.enqueue(key, limit, leaseTtl);
        }

        @Override
        public WaitOutcome awaitGrant(ResourceKey key, Duration timeout) throws InterruptedException {
            explodeOn(key);
            return delegate.awaitGrant(key, timeout);
        }

        @Override
        public CompletableFuture<WaitOutcome> awaitGrantAsync(ResourceKey key, Duration timeout) {
            explodeOn(key);
            return delegate.awaitGrantAsync(key, timeout);
        }

        @Override
        public ReleaseOutcome release(ResourceKey key, Token token) {
            explodeOn(key);
            return delegate.release(key, token);
        }

        @Override
        public RenewOutcome renew(ResourceKey key, Token token) {
            explodeOn(key);
            return delegate.renew(key, token);
        }

        @Override
        public RenewOutcome renew(ResourceKey key, Token token, Duration leaseTtl) {
            explodeOn(key);
            return delegate.renew(key, token, leaseTtl);
        }

        @Override
        public Optional<ResourceView> view(ResourceKey key) {
            return delegate.view(key);
        }

        @Override
        public Optional<Duration> longestRemainingLease() {
            return delegate.longestRemainingLease();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
