package io.dflockd.bench.load;

/** How the tool trusts the server's certificate; TLS is meant for loopback benchmarking, not for production use. */
enum TlsMode {
    /** Plaintext. */
    OFF,
    /** TLS, any certificate accepted (loopback benchmarking against a self-signed server). */
    TRUST_ALL,
    /** TLS, the server's chain must lead to the CA certificate(s) in a PEM file. */
    CA_FILE
}
