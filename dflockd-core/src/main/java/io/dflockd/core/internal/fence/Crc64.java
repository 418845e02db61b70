package io.dflockd.core.internal.fence;

/**
 * CRC-64/GO-ISO: the ISO 3309 polynomial in reflected form ({@code 0xD800000000000000}), initial value all ones,
 * final XOR all ones. Its check value for the ASCII string {@code 123456789} is {@code 0xB90956C775A41001}. Guards
 * each fence record against torn and corrupted writes (it detects damage, it does not authenticate).
 */
final class Crc64 {
    private static final long POLYNOMIAL = 0xD800000000000000L;
    private static final long[] TABLE = table();

    private Crc64() {
    }

    /** The checksum of {@code length} bytes of {@code data} from {@code offset}. */
    static long of(byte[] data, int offset, int length) {
        long crc = -1L;
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static long[] table() {
        long[] table = new long[256];
        for (int n = 0; n < 256; n++) {
            long value = n;
            for (int bit = 0; bit < 8; bit++) {
                value = (value & 1) != 0 ? (value >>> 1) ^ POLYNOMIAL : value >>> 1;
            }
            table[n] = value;
        }
        return table;
    }
}
