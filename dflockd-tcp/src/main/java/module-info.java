/**
 * The dflockd TCP server: the blocking-socket adapter that speaks the line protocol of PROTOCOL.md over an
 * embedded {@code LockManager}. Only {@code io.dflockd.tcp} is API.
 */
module io.dflockd.tcp {
    requires transitive io.dflockd.core;
    requires io.dflockd.protocol;
    requires jdk.net;
    requires org.slf4j;

    exports io.dflockd.tcp;
}
