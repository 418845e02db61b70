package io.dflockd.core.internal.fence;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A "random" source that hands out given seeds in order, so keystreams can be checked against known answers. */
final class FixedSeeds extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final transient Deque<byte[]> seeds;

    FixedSeeds(List<byte[]> seeds) {
        this.seeds = new ArrayDeque<>(seeds);
    }

    synchronized int remaining() {
        return seeds.size();
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        byte[] seed = seeds.remove();
        if (seed.length != bytes.length) {
            throw new IllegalStateException("seed of " + seed.length + " bytes asked for " + bytes.length);
        }
        System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
}
