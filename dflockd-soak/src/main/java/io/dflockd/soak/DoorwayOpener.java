package io.dflockd.soak;

/** Opens a new session through a door. Any thread. */
@FunctionalInterface
interface DoorwayOpener {
    /** A new session; throws (any runtime exception) if the door refuses. */
    Doorway open(Door door) throws InterruptedException;
}
