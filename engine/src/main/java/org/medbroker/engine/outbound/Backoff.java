package org.medbroker.engine.outbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": after failure n the wait is between half and all of
 * {@code min(max, initial * 2^(n-1))}, so retries of many messages (or many brokers) spread out
 * instead of arriving together, and the wait never drops below half the step.
 */
record Backoff(Duration initial, Duration max) {

    Duration after(int failures) {
        long initialMillis = Math.max(1, initial.toMillis());
        int shift = Math.min(Math.max(0, failures - 1), 30);
        long step = Math.min(max.toMillis(), initialMillis << shift);
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
    }
}
