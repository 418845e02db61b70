/**
 * The dflockd TCP wire codec, shared by the server adapter and the Java client: bounded line reading, typed requests
 * and replies with their encoders and decoders, and the stats JSON writer and reader. Pure: no sockets, no engine
 * types, no configuration defaults.
 */
module io.dflockd.protocol {
    requires com.fasterxml.jackson.core;

    exports io.dflockd.protocol;
}
