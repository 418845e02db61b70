/**
 * The REST adapter of dflockd: an HTTP/1.1 API over one {@link io.dflockd.core.LockManager}, built on the JDK's
 * {@code com.sun.net.httpserver}. Start it with {@link io.dflockd.http.HttpApiServer#start}.
 */
@SuppressWarnings("requires-automatic")
module io.dflockd.http {
    requires transitive io.dflockd.core;
    requires io.dflockd.protocol;
    requires jdk.httpserver;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.config;
    requires io.prometheus.writer.text;
    requires org.slf4j;

    exports io.dflockd.http;
}
