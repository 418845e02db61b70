package io.dflockd.core.internal.fence;

import io.dflockd.core.FenceStateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open, exclusively locked fence state file: one {@link FileChannel} that holds the lock for the owner's whole
 * life and through which every read and write goes (SERVER.md section 10.3 step 1).
 *
 * <p>Why a JVM-wide registry on top of the OS lock: POSIX record locks belong to the process, and closing <em>any</em>
 * channel on the file drops them for the whole JVM. A second opener inside this JVM must therefore be refused before
 * it opens a channel of its own, or refusing it (closing its channel) would silently unlock the first owner. The
 * registry is keyed by the file's identity (device and inode where the platform has them), read without opening the
 * file. An {@link OverlappingFileLockException} still counts as "locked" should a channel opened elsewhere in the JVM
 * hold the lock.
 *
 * <p>Thread-safety: {@link #open} and {@link #close} may be called from any thread; reads and writes are made by one
 * thread at a time (start-up, then the reserver).
 */
final class FenceStateFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FenceStateFile.class);

    /** Identities of the state files locked by this JVM. Guarded by its own monitor while opening. */
    private static final Set<Object> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final Object identity;
    private final boolean created;
    private boolean closed;

    private FenceStateFile(Path path, FileChannel channel, Object identity, boolean created) {
        this.path = path;
        this.channel = channel;
        this.identity = identity;
        this.created = created;
    }

    /**
     * Opens or creates (mode 0600 where the file system has POSIX permissions) the file and takes its exclusive lock
     * without waiting.
     *
     * @throws FenceStateException when the file cannot be opened or created, or is locked by another process or
     *                             already in use inside this JVM
     */
    static FenceStateFile open(Path path) {
        synchronized (LOCKED_HERE) {
            if (Files.exists(path) && LOCKED_HERE.contains(identityOf(path))) {
                throw new FenceStateException("fence state file " + path
                        + " is locked: it is already in use by another lock manager in this process");
            }
            boolean created;
            FileChannel channel;
            try {
                channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), ownerOnly(path));
                created = true;
            } catch (FileAlreadyExistsException exists) {
                channel = openExisting(path);
                created = false;
            } catch (IOException | RuntimeException e) {
                throw new FenceStateException("cannot create fence state file " + path + ": " + e, e);
            }
            try {
                lock(path, channel);
                Object identity = identityOf(path);
                LOCKED_HERE.add(identity);
                return new FenceStateFile(path, channel, identity, created);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        }
    }

    private static FileChannel openExisting(Path path) {
        try {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            throw new FenceStateException("cannot open fence state file " + path + ": " + e, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path path) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (directory != null && Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static void lock(Path path, FileChannel channel) {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new FenceStateException("fence state file " + path
                    + " is locked: it is already in use inside this process", e);
        } catch (IOException | RuntimeException e) {
            throw new FenceStateException("cannot lock fence state file " + path + ": " + e, e);
        }
        if (lock == null) {
            throw new FenceStateException("fence state file " + path
                    + " is locked by another process (is another server using it?)");
        }
    }

    private static Object identityOf(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key != null ? key : path.toRealPath();
        } catch (IOException e) {
            throw new FenceStateException("cannot read the attributes of fence state file " + path + ": " + e, e);
        }
    }

    /** The file's path, for messages. */
    Path path() {
        return path;
    }

    /** Whether {@link #open} created the file (its directory entry then still has to be made durable). */
    boolean created() {
        return created;
    }

    /** The whole content, or a start-up error when it is larger than {@code maxSize} bytes. */
    byte[] readAll(int maxSize) {
        try {
            long size = channel.size();
            if (size > maxSize) {
                throw new FenceStateException("fence state file " + path + " has an invalid size of " + size
                        + " bytes (expected 0, 8, 32 to 64)");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    throw new FenceStateException("fence state file " + path + " shrank while being read");
                }
            }
            return buffer.array();
        } catch (IOException e) {
            throw new FenceStateException("cannot read fence state file " + path + ": " + e, e);
        }
    }

    /** Writes {@code bytes} at {@code position}, then forces data and metadata to disk. Reserver or start-up only. */
    void writeDurably(byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
        channel.force(true);
    }

    /**
     * Makes the new file's directory entry durable. A directory that cannot be opened (no POSIX directory handles) is
     * skipped with a DEBUG log; any other I/O error is thrown.
     */
    void syncParentDirectory() throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (directory == null) {
            return;
        }
        FileChannel handle;
        try {
            handle = FileChannel.open(directory, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot open {} to sync it; directory sync unsupported here: {}", directory, e.toString());
            return;
        }
        try (handle) {
            handle.force(true);
        }
    }

    /** Closes the channel, which releases the lock. Idempotent; any thread. */
    @Override
    public void close() {
        synchronized (LOCKED_HERE) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(channel);
            LOCKED_HERE.remove(identity);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing a fence state file channel failed: {}", e.toString());
        }
    }
}
