/** The dflockd engine: embeddable per-key FIFO locks and semaphores with leases and fencing tokens. */
module io.dflockd.core {
    requires org.jctools.core;
    requires org.slf4j;

    exports io.dflockd.core;
}
