package io.dflockd.core.internal.fence;

import io.dflockd.core.FenceStateException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Run in a separate JVM by {@link FenceStateFileProcessTest}: opens the fence state file named by its argument and
 * reports the result as its exit code ({@value #OPENED} opened, {@value #REFUSED} refused with a
 * {@link FenceStateException}) and one line on standard output.
 */
public final class FenceLockProbe {
    static final int OPENED = 0;
    static final int REFUSED = 3;

    private FenceLockProbe() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        try (FenceSource source = Fences.open(FencesTest.config(Optional.of(file), Instant.now()))) {
            System.out.println("OPENED first fence " + Long.toUnsignedString(source.next()));
            System.out.flush();
        } catch (FenceStateException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.out.flush();
            System.exit(REFUSED);
        }
        System.exit(OPENED);
    }
}
