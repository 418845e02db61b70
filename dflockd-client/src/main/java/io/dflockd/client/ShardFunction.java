package io.dflockd.client;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Picks the server of a key: {@code servers.get(shard(key, servers.size()))}. The result must be in
 * {@code [0, serverCount)}; otherwise the operation fails with {@link IllegalStateException} before any I/O.
 */
@FunctionalInterface
public interface ShardFunction {

    /** The index of the server for {@code key} among {@code serverCount} servers. */
    int shard(String key, int serverCount);

    /**
     * The default: CRC-32 (IEEE 802.3, as in {@link CRC32}) of the key's UTF-8 bytes, unsigned, modulo the number of
     * servers. Equals Go's {@code crc32.ChecksumIEEE(key) % n} and Python's {@code zlib.crc32(key.encode()) % n}, so
     * Java, Go and Python clients with the same server list pick the same server.
     */
    static ShardFunction crc32() {
        return (key, serverCount) -> {
            if (serverCount < 1) {
                throw new IllegalArgumentException("serverCount must be >= 1, was " + serverCount);
            }
            return (int) (checksum(key) % serverCount);
        };
    }

    /** The unsigned CRC-32 of the key's UTF-8 bytes. */
    static long checksum(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
