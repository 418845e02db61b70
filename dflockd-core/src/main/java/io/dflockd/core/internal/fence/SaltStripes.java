package io.dflockd.core.internal.fence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * 64-bit salts read from AES-256-CTR keystreams keyed from {@link SecureRandom} (the construction of NIST's
 * CTR_DRBG), spread over a few <em>stripes</em> so that concurrent minters rarely meet. Any thread; never blocks on
 * I/O after a stripe's first use, and never waits for a lock held by a parked thread.
 *
 * <p>Why stripes and not thread-locals: a thread-per-request server on virtual threads would otherwise pay a fresh
 * cipher and {@code SecureRandom} seed (tens of microseconds) for nearly every grant. A thread starts at the stripe
 * its id hashes to and takes the first free one. A stripe gets its cipher on first use, so an idle stripe costs
 * nothing.
 */
final class SaltStripes {
    /*
     * Design.
     *
     * slots (AtomicIntegerArray): one 64-byte line per stripe, so stripes used by different cores never share a
     * cache line. In the line of stripe i, at base = i * SLOT_INTS:
     *   base + OWNER     0 free, 1 owned. A thread takes the stripe with a CAS 0 -> 1, releases it with a release
     *                    store of 0.
     *   base + POSITION  next unread byte of the stripe's keystream buffer; BUFFER_BYTES means "refill first".
     *   base + REFILLS   refills since the stripe was last keyed; -1 before its first keying.
     * streams[i]: the stripe's cipher and keystream buffer.
     *
     * Invariants:
     *  1. Only the owner of a stripe (the thread whose CAS moved OWNER from 0 to 1) touches its stream, POSITION
     *     and REFILLS, until it stores 0. The next owner's CAS reads that release store, so it sees every write of
     *     the previous owner, the lazily created cipher included.
     *  2. Keystream is never handed out twice: POSITION only grows between refills; each refill continues the CTR
     *     counter of the stripe's cipher (it never restarts it), and after `rekeyAfterRefills` refills the stripe
     *     gets a fresh random key and counter block.
     *  3. Stripes never share a stream: each is keyed independently from SecureRandom.
     *  4. The critical section is a buffer read or a cipher update (rarely a keying): no blocking, so a thread that
     *     finds every stripe taken only waits for running code (and yields after each full sweep in case an owner
     *     was descheduled).
     */

    static final int BUFFER_BYTES = 512;

    private static final int SLOT_INTS = 16;
    private static final int OWNER = 0;
    private static final int POSITION = 1;
    private static final int REFILLS = 2;
    private static final int UNKEYED = -1;
    private static final byte[] ZEROS = new byte[BUFFER_BYTES];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final Stream[] streams;
    private final AtomicIntegerArray slots;
    private final int mask;
    private final SecureRandom seeds;
    private final int rekeyAfterRefills;

    /**
     * @param stripes           number of keystreams, a power of two
     * @param seeds             where keys and counter blocks come from
     * @param rekeyAfterRefills refills of one stripe after which it is keyed afresh
     */
    SaltStripes(int stripes, SecureRandom seeds, int rekeyAfterRefills) {
        if (stripes <= 0 || Integer.bitCount(stripes) != 1 || rekeyAfterRefills <= 0) {
            throw new IllegalArgumentException("stripes must be a power of two and rekeyAfterRefills > 0: " + stripes
                    + ", " + rekeyAfterRefills);
        }
        this.seeds = seeds;
        this.rekeyAfterRefills = rekeyAfterRefills;
        this.mask = stripes - 1;
        this.streams = new Stream[stripes];
        this.slots = new AtomicIntegerArray(stripes * SLOT_INTS);
        for (int i = 0; i < stripes; i++) {
            streams[i] = new Stream();
            slots.setPlain(i * SLOT_INTS + POSITION, BUFFER_BYTES);
            slots.setPlain(i * SLOT_INTS + REFILLS, UNKEYED);
        }
        // The constructor's plain writes are published by the final fields (slots, streams) of this object.
    }

    /** The next 64 bits of some stripe's keystream. Any thread. */
    long next() {
        long id = Thread.currentThread().getId();
        int home = (int) ((id * 0x9E37_79B9_7F4A_7C15L) >>> 32);
        for (int attempt = 0;; attempt++) {
            int stripe = (home + attempt) & mask;
            int base = stripe * SLOT_INTS;
            if (slots.getPlain(base + OWNER) == 0 && slots.compareAndSet(base + OWNER, 0, 1)) {
                try {
                    return read(stripe, base);
                } finally {
                    slots.setRelease(base + OWNER, 0); // invariant 1
                }
            }
            if ((attempt & mask) == mask) {
                Thread.yield(); // invariant 4: every stripe taken; an owner may have been descheduled
            }
        }
    }

    /** Owner of {@code stripe} only. */
    private long read(int stripe, int base) {
        int position = slots.getPlain(base + POSITION);
        Stream stream = streams[stripe];
        if (position == BUFFER_BYTES) {
            int refills = slots.getPlain(base + REFILLS);
            if (refills == UNKEYED || refills == rekeyAfterRefills) {
                stream.key(seeds); // invariant 2
                refills = 0;
            }
            stream.refill();
            slots.setPlain(base + REFILLS, refills + 1);
            position = 0;
        }
        slots.setPlain(base + POSITION, position + Long.BYTES);
        return (long) LONGS.get(stream.keystream, position);
    }

    /** One stripe's cipher and buffer. Touched only by the stripe's owner (invariant 1). */
    private static final class Stream {
        private static final int KEY_BYTES = 32;
        private static final int COUNTER_BLOCK_BYTES = 16;

        private final byte[] keystream = new byte[BUFFER_BYTES];
        /** Created on first keying. */
        private Cipher cipher;

        void key(SecureRandom seeds) {
            byte[] seed = new byte[KEY_BYTES + COUNTER_BLOCK_BYTES];
            seeds.nextBytes(seed);
            try {
                if (cipher == null) {
                    cipher = Cipher.getInstance("AES/CTR/NoPadding");
                }
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, KEY_BYTES, "AES"),
                        new IvParameterSpec(seed, KEY_BYTES, COUNTER_BLOCK_BYTES));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up AES-256-CTR on this JDK", e);
            }
        }

        void refill() {
            try {
                if (cipher.update(ZEROS, 0, BUFFER_BYTES, keystream, 0) != BUFFER_BYTES) {
                    throw new IllegalStateException("AES/CTR returned a short keystream block");
                }
            } catch (ShortBufferException e) {
                throw new IllegalStateException("AES/CTR keystream buffer too small", e);
            }
        }
    }
}
