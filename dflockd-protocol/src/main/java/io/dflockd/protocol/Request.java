package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A well-formed request, one record per argument shape. Aliases share a record and keep their spelling in
 * {@link #command()}: {@code r}/{@code sr} are {@link Release}, {@code n}/{@code sn} {@link Renew}, {@code w}/{@code
 * sw} {@link Wait}; {@code l}/{@code sl} are {@link Acquire} and {@code e}/{@code se} {@link Enqueue}, where the lock
 * spelling always has limit 1.
 *
 * <p>The records validate in their compact constructors ({@link IllegalArgumentException} on misuse), so every
 * instance encodes to a frame the server accepts. Use {@link #accept(Visitor)} for an exhaustive dispatch on JDK 17.
 */
public sealed interface Request extends RequestResult {

    /** The command this request is spelled with on the wire. */
    Command command();

    /** Calls the visitor method for this request's type. */
    <R> R accept(Visitor<R> visitor);

    /** One method per request type; adding a type breaks every visitor until it is handled. */
    interface Visitor<R> {
        R visitAcquire(Acquire acquire);

        R visitRelease(Release release);

        R visitRenew(Renew renew);

        R visitEnqueue(Enqueue enqueue);

        R visitWait(Wait wait);

        R visitAuth(Auth auth);

        R visitPing(Ping ping);

        R visitStats(Stats stats);
    }

    /**
     * {@code l} or {@code sl}: acquire a slot, blocking up to {@code timeoutSeconds} (0 = do not block).
     *
     * @param command        {@link Command#L} (then {@code limit} is 1) or {@link Command#SL}
     * @param key            the resource
     * @param timeoutSeconds 0..{@value WireRules#MAX_SECONDS}
     * @param limit          1..{@value WireRules#MAX_LIMIT}; 1 for {@code l}
     * @param lease          the requested lease
     */
    record Acquire(Command command, WireKey key, long timeoutSeconds, int limit, LeaseTtl lease) implements Request {
        public Acquire {
            requireCommand(command, Command.L, Command.SL);
            Objects.requireNonNull(key, "key");
            WireRules.requireSeconds(timeoutSeconds, "timeout");
            WireRules.requireLimit(limit);
            Objects.requireNonNull(lease, "lease");
            if (command == Command.L && limit != 1) {
                throw new IllegalArgumentException("l always has limit 1: " + limit);
            }
        }

        /** {@code l}: a lock, limit 1. */
        public static Acquire lock(WireKey key, long timeoutSeconds, LeaseTtl lease) {
            return new Acquire(Command.L, key, timeoutSeconds, 1, lease);
        }

        /** {@code sl}: a semaphore slot. */
        public static Acquire semaphore(WireKey key, long timeoutSeconds, int limit, LeaseTtl lease) {
            return new Acquire(Command.SL, key, timeoutSeconds, limit, lease);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAcquire(this);
        }
    }

    /**
     * {@code r} or {@code sr}: release the grant named by {@code token}.
     *
     * <p>The token is the argument line with whitespace trimmed from both ends; inner whitespace is kept (such a
     * token simply names no grant). Its characters are the wire bytes one to one (ISO-8859-1).
     *
     * @param command {@link Command#R} or {@link Command#SR}
     * @param key     the resource
     * @param token   non-empty, at most 256 characters, all U+0000..U+00FF, no LF, no whitespace at either end
     */
    record Release(Command command, WireKey key, String token) implements Request {
        public Release {
            requireCommand(command, Command.R, Command.SR);
            Objects.requireNonNull(key, "key");
            requireTokenText(token, true);
        }

        /** {@code r}. */
        public static Release lock(WireKey key, String token) {
            return new Release(Command.R, key, token);
        }

        /** {@code sr}. */
        public static Release semaphore(WireKey key, String token) {
            return new Release(Command.SR, key, token);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRelease(this);
        }

        /** Shows the key only: a token is a bearer capability and never reaches a log. */
        @Override
        public String toString() {
            return "Release[" + command.wire() + " " + key + "]";
        }
    }

    /**
     * {@code n} or {@code sn}: renew the grant named by {@code token}.
     *
     * @param command {@link Command#N} or {@link Command#SN}
     * @param key     the resource
     * @param token   the first argument field: non-empty, at most 256 characters, all U+0000..U+00FF, no whitespace
     * @param lease   the requested lease
     */
    record Renew(Command command, WireKey key, String token, LeaseTtl lease) implements Request {
        public Renew {
            requireCommand(command, Command.N, Command.SN);
            Objects.requireNonNull(key, "key");
            requireTokenText(token, false);
            Objects.requireNonNull(lease, "lease");
        }

        /** {@code n}. */
        public static Renew lock(WireKey key, String token, LeaseTtl lease) {
            return new Renew(Command.N, key, token, lease);
        }

        /** {@code sn}. */
        public static Renew semaphore(WireKey key, String token, LeaseTtl lease) {
            return new Renew(Command.SN, key, token, lease);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRenew(this);
        }

        /** Shows the key and lease only: a token is a bearer capability and never reaches a log. */
        @Override
        public String toString() {
            return "Renew[" + command.wire() + " " + key + " " + lease + "]";
        }
    }

    /**
     * {@code e} or {@code se}: two-phase acquire, step 1 (never blocks).
     *
     * @param command {@link Command#E} (then {@code limit} is 1) or {@link Command#SE}
     * @param key     the resource
     * @param limit   1..{@value WireRules#MAX_LIMIT}; 1 for {@code e}
     * @param lease   the requested lease
     */
    record Enqueue(Command command, WireKey key, int limit, LeaseTtl lease) implements Request {
        public Enqueue {
            requireCommand(command, Command.E, Command.SE);
            Objects.requireNonNull(key, "key");
            WireRules.requireLimit(limit);
            Objects.requireNonNull(lease, "lease");
            if (command == Command.E && limit != 1) {
                throw new IllegalArgumentException("e always has limit 1: " + limit);
            }
        }

        /** {@code e}: a lock, limit 1. */
        public static Enqueue lock(WireKey key, LeaseTtl lease) {
            return new Enqueue(Command.E, key, 1, lease);
        }

        /** {@code se}: a semaphore. */
        public static Enqueue semaphore(WireKey key, int limit, LeaseTtl lease) {
            return new Enqueue(Command.SE, key, limit, lease);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitEnqueue(this);
        }
    }

    /**
     * {@code w} or {@code sw}: two-phase acquire, step 2, blocking up to {@code timeoutSeconds} (0 = do not block).
     *
     * @param command        {@link Command#W} or {@link Command#SW}
     * @param key            the resource
     * @param timeoutSeconds 0..{@value WireRules#MAX_SECONDS}
     */
    record Wait(Command command, WireKey key, long timeoutSeconds) implements Request {
        public Wait {
            requireCommand(command, Command.W, Command.SW);
            Objects.requireNonNull(key, "key");
            WireRules.requireSeconds(timeoutSeconds, "timeout");
        }

        /** {@code w}. */
        public static Wait lock(WireKey key, long timeoutSeconds) {
            return new Wait(Command.W, key, timeoutSeconds);
        }

        /** {@code sw}. */
        public static Wait semaphore(WireKey key, long timeoutSeconds) {
            return new Wait(Command.SW, key, timeoutSeconds);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitWait(this);
        }
    }

    /**
     * {@code auth}: the argument line, trimmed, is the secret. Held as bytes (copied in and out); never shown by
     * {@link #toString()}.
     */
    final class Auth implements Request {
        private final byte[] token;

        private Auth(byte[] token) {
            this.token = token;
        }

        /**
         * The request carrying {@code secret} as UTF-8.
         *
         * @throws IllegalArgumentException if the secret is blank, longer than 65,536 bytes, contains CR or LF, or
         *                                  has whitespace at either end
         */
        public static Auth of(String secret) {
            return new Auth(WireRules.requireAuthToken(secret));
        }

        /**
         * The request carrying exactly these bytes (copied), as the server decodes them: an inner CR is allowed.
         *
         * @throws IllegalArgumentException if empty, longer than 65,536 bytes, containing LF, or with whitespace at
         *                                  either end
         */
        public static Auth ofBytes(byte[] secret) {
            String problem = WireRules.authTokenProblem(secret);
            if (problem != null) {
                throw new IllegalArgumentException("invalid auth token: " + problem);
            }
            return new Auth(secret.clone());
        }

        /** Wraps bytes the decoder already checked and owns. */
        static Auth ofDecoded(byte[] secret) {
            return new Auth(secret);
        }

        /** A copy of the secret's bytes. */
        public byte[] token() {
            return token.clone();
        }

        /** Whether the secret's bytes equal {@code expected}, compared in constant time for equal lengths. */
        public boolean matches(byte[] expected) {
            return MessageDigest.isEqual(token, expected);
        }

        /** The secret decoded as UTF-8 (malformed input becomes U+FFFD). */
        public String tokenAsString() {
            return new String(token, StandardCharsets.UTF_8);
        }

        @Override
        public Command command() {
            return Command.AUTH;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAuth(this);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Auth other && Arrays.equals(token, other.token);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(token);
        }

        @Override
        public String toString() {
            return "Auth[" + token.length + " bytes]";
        }
    }

    /** {@code ping}: liveness; key and argument lines are ignored. */
    record Ping() implements Request {
        @Override
        public Command command() {
            return Command.PING;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitPing(this);
        }
    }

    /** {@code stats}: the server snapshot; key and argument lines are ignored. */
    record Stats() implements Request {
        @Override
        public Command command() {
            return Command.STATS;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitStats(this);
        }
    }

    private static void requireCommand(Command command, Command lockSpelling, Command semaphoreSpelling) {
        if (command != lockSpelling && command != semaphoreSpelling) {
            throw new IllegalArgumentException(
                    "command must be " + lockSpelling.wire() + " or " + semaphoreSpelling.wire() + ": " + command);
        }
    }

    private static void requireTokenText(String token, boolean innerWhitespace) {
        String problem = TokenText.problemWith(token, WireRules.MAX_LINE_BYTES, innerWhitespace);
        if (problem != null) {
            throw new IllegalArgumentException("invalid token: " + problem);
        }
    }
}
