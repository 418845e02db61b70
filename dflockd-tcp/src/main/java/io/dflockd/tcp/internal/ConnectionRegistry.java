package io.dflockd.tcp.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open connections and the two connection caps (PROTOCOL.md §9). Admission is exact under concurrency: the total
 * is a compare-and-set counter and the per-IP count is changed inside {@link ConcurrentHashMap#compute}, so a burst
 * of connects never admits more than the caps allow.
 *
 * <p>Any thread. Accept thread: {@link #tryAdmit}; handler threads: {@link #add}, {@link #remove}; drainer:
 * {@link #snapshot}, {@link #awaitEmpty}.
 */
public final class ConnectionRegistry {
    private final int maxConnections;
    private final int maxPerIp;
    private final AtomicInteger admitted = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock emptyLock = new ReentrantLock();
    private final Condition emptied = emptyLock.newCondition();

    /** Caps of 0 are unlimited. */
    public ConnectionRegistry(int maxConnections, int maxPerIp) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
    }

    /** The IP text a per-IP cap counts by: IPv4-mapped IPv6 addresses count as their IPv4 form. No DNS. */
    public static String ipOf(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] raw = v6.getAddress();
            if (isIpv4Mapped(raw)) {
                try {
                    return Inet4Address.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]})
                            .getHostAddress();
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address.getHostAddress();
    }

    private static boolean isIpv4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    }

    /** Takes one slot in both caps for {@code ip}; false (and nothing taken) when either cap is reached. */
    public boolean tryAdmit(String ip) {
        while (true) {
            int current = admitted.get();
            if (maxConnections > 0 && current >= maxConnections) {
                return false;
            }
            if (admitted.compareAndSet(current, current + 1)) {
                break;
            }
        }
        if (maxPerIp == 0) {
            return true;
        }
        boolean[] taken = new boolean[1];
        perIp.compute(ip, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerIp) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            admitted.decrementAndGet();
        }
        return taken[0];
    }

    /** Gives back the slots {@link #tryAdmit} took for {@code ip}. */
    public void release(String ip) {
        if (maxPerIp > 0) {
            perIp.computeIfPresent(ip, (key, count) -> count <= 1 ? null : count - 1);
        }
        admitted.decrementAndGet();
        signalIfEmpty();
    }

    /** Records an admitted connection so that a drain can reach it. */
    public void add(Connection connection) {
        open.add(connection);
    }

    /** Forgets a connection; its cap slots are given back separately with {@link #release}. */
    public void remove(Connection connection) {
        open.remove(connection);
        signalIfEmpty();
    }

    private void signalIfEmpty() {
        if (admitted.get() == 0) {
            emptyLock.lock();
            try {
                emptied.signalAll();
            } finally {
                emptyLock.unlock();
            }
        }
    }

    /** Admitted connections that have not closed yet. */
    public int count() {
        return admitted.get();
    }

    /** The open connections right now. */
    public List<Connection> snapshot() {
        return List.copyOf(open);
    }

    /** Waits until no connection is admitted, up to {@code timeoutNanos} ({@link Long#MAX_VALUE} = forever). */
    public boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        long deadline = ConnectionInput.deadlineAfter(System.nanoTime(), timeoutNanos);
        emptyLock.lock();
        try {
            while (admitted.get() > 0) {
                if (deadline == Long.MAX_VALUE) {
                    emptied.await(100, TimeUnit.MILLISECONDS);
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                // bounded wait: a release between the count check and the await is seen at the next turn
                emptied.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } finally {
            emptyLock.unlock();
        }
    }
}
