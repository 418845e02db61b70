package io.dflockd.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The thirteen request commands, spelled exactly as on the wire (case-sensitive). */
public enum Command {
    /** {@code auth}: authenticate; the argument line is the secret (up to 64 KiB). */
    AUTH("auth"),
    /** {@code l}: acquire a lock (limit 1). */
    L("l"),
    /** {@code r}: release a grant by token. */
    R("r"),
    /** {@code n}: renew a grant's lease by token. */
    N("n"),
    /** {@code e}: enqueue on a lock (two-phase, step 1). */
    E("e"),
    /** {@code w}: wait for the enqueued grant (two-phase, step 2). */
    W("w"),
    /** {@code sl}: acquire a semaphore slot. */
    SL("sl"),
    /** {@code sr}: release (alias of {@code r}). */
    SR("sr"),
    /** {@code sn}: renew (alias of {@code n}). */
    SN("sn"),
    /** {@code se}: enqueue on a semaphore. */
    SE("se"),
    /** {@code sw}: wait (alias of {@code w}). */
    SW("sw"),
    /** {@code ping}: liveness check. */
    PING("ping"),
    /** {@code stats}: server snapshot as JSON. */
    STATS("stats");

    private static final Command[] VALUES = values();

    private final String wire;
    private final byte[] wireBytes;

    Command(String wire) {
        this.wire = wire;
        this.wireBytes = wire.getBytes(StandardCharsets.US_ASCII);
    }

    /** The command's exact wire spelling, for example {@code "sl"}. */
    public String wire() {
        return wire;
    }

    /** Whether this command ignores its key line ({@code auth}, {@code ping}, {@code stats}). */
    public boolean ignoresKey() {
        return this == AUTH || this == PING || this == STATS;
    }

    /** The byte cap of this command's argument line: 65,536 for {@code auth}, 256 otherwise. */
    public int argumentLineCap() {
        return this == AUTH ? WireRules.MAX_AUTH_TOKEN_BYTES : WireRules.MAX_LINE_BYTES;
    }

    /** The command spelled exactly {@code text}, if any. */
    public static Optional<Command> fromWire(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Optional.ofNullable(lookup(bytes, 0, bytes.length));
    }

    /** The command whose spelling is exactly {@code line[from, to)}, or null. Allocation-free. */
    static Command lookup(byte[] line, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 5) {
            return null;
        }
        for (Command command : VALUES) {
            byte[] spelling = command.wireBytes;
            if (spelling.length == length && regionEquals(line, from, spelling)) {
                return command;
            }
        }
        return null;
    }

    private static boolean regionEquals(byte[] line, int from, byte[] spelling) {
        for (int i = 0; i < spelling.length; i++) {
            if (line[from + i] != spelling[i]) {
                return false;
            }
        }
        return true;
    }

    byte[] wireBytes() {
        return wireBytes;
    }
}
