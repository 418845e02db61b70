package io.dflockd.protocol;

import java.util.Objects;

/** What {@link StatsJson#read} made of a stats document. */
public sealed interface StatsResult {

    /** The document was valid. */
    record Parsed(ServerStats stats) implements StatsResult {
        public Parsed {
            Objects.requireNonNull(stats, "stats");
        }
    }

    /**
     * The document was not valid stats JSON.
     *
     * @param reason a short description for an exception message
     */
    record Malformed(String reason) implements StatsResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
