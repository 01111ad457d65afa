package org.medbroker.connectors.astm.transport;

import java.time.Duration;

/** Pauses before reopening a line: {@code min}, doubling up to {@code max}; {@link #reset} after a success. Not thread-safe. */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max");
        }
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The pause to take now; the next one is twice as long, up to the maximum. */
    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    public void reset() {
        next = min;
    }
}
