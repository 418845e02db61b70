package io.dflockd.core.internal;

/**
 * One operation on one resource, as it travels through that resource's mailbox. Applied by the resource's drainer,
 * in mailbox order, one at a time (see {@link Resource}).
 *
 * <p>A command that reaches a resource the collector has retired is not applied there: the drainer hands it back to
 * the engine after its drain loop ends, and the engine sends it on to the live resource of the same key
 * ({@link #forward}).
 */
abstract class Command {

    /** Drainer only. Applies the command to the resource's state; {@code now} is read once per command. */
    abstract void apply(KeyState state, long now);

    /**
     * Any thread, outside every drain loop. The resource this command was sent to has been retired: act on the live
     * resource for {@code key} instead, or answer as if the key did not exist.
     */
    abstract void forward(Engine engine, io.dflockd.core.ResourceKey key);

    /** Drainer only. Applying the command threw (a bug): answer the caller so that it never hangs. */
    abstract void abort(RuntimeException failure);
}
