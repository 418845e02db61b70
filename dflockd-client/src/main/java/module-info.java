/** Java client for dflockd servers: distributed FIFO locks and semaphores with lease renewal and fencing. */
module io.dflockd.client {
    requires io.dflockd.protocol;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports io.dflockd.client;
}
