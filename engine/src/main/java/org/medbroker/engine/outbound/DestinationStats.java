package org.medbroker.engine.outbound;

import java.time.Duration;
import java.time.Instant;

/** A dispatcher's latest view of its queue, refreshed about once a second, read by metrics and /health. */
record DestinationStats(long pending, long dead, Instant oldestPending, Instant measuredAt) {

    static final DestinationStats UNKNOWN = new DestinationStats(0, 0, null, Instant.EPOCH);

    Duration oldestAge(Instant now) {
        return oldestPending == null ? Duration.ZERO : Duration.between(oldestPending, now);
    }
}
