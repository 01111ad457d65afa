package org.medbroker.engine.journal;

/**
 * Journal limits: a new segment file is started past {@code segmentBytes}; one entry may hold at
 * most {@code maxEntryBytes}; at most {@code maxBatch} entries share one fsync.
 */
public record JournalSettings(long segmentBytes, int maxEntryBytes, int maxBatch, int queueCapacity) {
    public static JournalSettings defaults() {
        return new JournalSettings(32L << 20, 32 << 20, 512, 16_384);
    }
}
