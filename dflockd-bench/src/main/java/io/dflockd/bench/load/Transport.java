package io.dflockd.bench.load;

/** What one run drives. */
enum Transport {
    /** The dflockd TCP protocol: {@code l}+{@code r} (or {@code sl}+{@code sr}) on one persistent connection. */
    TCP,
    /** The dflockd HTTP API: one session per worker, {@code POST /v1/locks/{key}} + {@code /release}. */
    HTTP,
    /** The built-in echo server: two three-line requests answered {@code ok}, the transport's physical limit. */
    ECHO;

    /** The lower-case name used in tables, JSON and file names. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
