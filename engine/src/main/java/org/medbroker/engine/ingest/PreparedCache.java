package org.medbroker.engine.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands prepared messages from the listener to the store applier by journal sequence number, so
 * a message is mapped once. Bounded: past the limit nothing is kept and the applier prepares the
 * message again from the journal, so a slow store never grows the heap.
 */
public final class PreparedCache {

    private final ConcurrentHashMap<Long, Prepared> bySeq = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int limit;

    public PreparedCache(int limit) {
        this.limit = limit;
    }

    public void offer(long seq, Prepared prepared) {
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            return;
        }
        bySeq.put(seq, prepared);
    }

    public Prepared take(long seq) {
        Prepared prepared = bySeq.remove(seq);
        if (prepared != null) {
            size.decrementAndGet();
        }
        return prepared;
    }
}
