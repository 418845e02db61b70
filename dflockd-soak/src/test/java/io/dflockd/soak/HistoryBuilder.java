package io.dflockd.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Hand-made histories for checker tests; times are in milliseconds from 0. */
final class HistoryBuilder {
    private final List<Op> ops = new ArrayList<>();

    static String token(long fence, long salt) {
        return String.format("%016x%016x", fence, salt);
    }

    static String token(long fence) {
        return token(fence, 0xabcdefL + fence);
    }

    List<Op> ops() {
        return List.copyOf(ops);
    }

    HistoryBuilder acquire(String session, String key, int limit, long ttl, double from, double to, String granted) {
        return add(session, OpKind.ACQUIRE, key, limit, ttl, 1, "", from, to,
                granted.isEmpty() ? Result.TIMEOUT : Result.GRANTED, granted, "");
    }

    HistoryBuilder acquireFailed(String session, String key, double from, double to) {
        return add(session, OpKind.ACQUIRE, key, 1, 1, 1, "", from, to, Result.UNKNOWN, "", "connection lost");
    }

    HistoryBuilder enqueue(String session, String key, int limit, long ttl, double from, double to, String acquired) {
        return add(session, OpKind.ENQUEUE, key, limit, ttl, 0, "", from, to,
                acquired.isEmpty() ? Result.QUEUED : Result.ACQUIRED, acquired, "");
    }

    HistoryBuilder await(String session, String key, long ttl, double from, double to, String granted) {
        return add(session, OpKind.WAIT, key, 0, ttl, 1, "", from, to,
                granted.isEmpty() ? Result.TIMEOUT : Result.GRANTED, granted, "");
    }

    HistoryBuilder release(String session, String key, String token, double from, double to, Result result) {
        return add(session, OpKind.RELEASE, key, 0, 0, 0, token, from, to, result, "", "");
    }

    HistoryBuilder renew(String session, String key, String token, long ttl, double from, double to,
            Result result) {
        return add(session, OpKind.RENEW, key, 0, ttl, 0, token, from, to, result, "", "");
    }

    HistoryBuilder close(String session, double from, double to, Result result) {
        return add(session, OpKind.CLOSE, "", 0, 0, 0, "", from, to, result, "", "");
    }

    HistoryBuilder rejected(String session, OpKind kind, String key, double from, double to, String reason) {
        return add(session, kind, key, 1, 1, 0, "", from, to, Result.REJECTED, "", reason);
    }

    private HistoryBuilder add(String session, OpKind kind, String key, int limit, long ttl, long timeout,
            String token, double from, double to, Result result, String resultToken, String detail) {
        ops.add(new Op(session.hashCode() & 0xff, session, Door.EMBEDDED, kind, key, limit, ttl, timeout, token,
                nanos(from), nanos(to), result, resultToken, detail));
        return this;
    }

    private static long nanos(double millis) {
        return (long) (millis * TimeUnit.MILLISECONDS.toNanos(1));
    }
}
