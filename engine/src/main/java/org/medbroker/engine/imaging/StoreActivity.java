package org.medbroker.engine.imaging;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which objects a storage sink is storing right now, and since when: what an {@link IndexedMark} may
 * promise depends on it. An object enters before it is renamed into the layout and leaves once its
 * index entry is committed (or it failed).
 */
final class StoreActivity {

    private final ConcurrentHashMap<Long, Instant> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicBoolean sinceMark = new AtomicBoolean();

    long enter() {
        long token = tokens.incrementAndGet();
        inFlight.put(token, Instant.now());
        sinceMark.set(true);
        return token;
    }

    void leave(long token) {
        inFlight.remove(token);
    }

    /** {@code now}, or the entry of the oldest object still being stored when that is earlier. */
    Instant committedBefore(Instant now) {
        Instant oldest = now;
        for (Instant entered : inFlight.values()) {
            if (entered.isBefore(oldest)) {
                oldest = entered;
            }
        }
        return oldest;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }

    /** Whether any object entered since the last call. */
    boolean takeActivity() {
        return sinceMark.getAndSet(false);
    }
}
