package org.medbroker.engine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads durable journal entries in sequence order; one reader at a time. */
public final class JournalCursor implements AutoCloseable {

    private final Journal journal;
    private long lastSeq;
    private long segmentFirstSeq = -1;
    private FileChannel channel;
    private long position;

    JournalCursor(Journal journal, long afterSeq) {
        this.journal = journal;
        this.lastSeq = afterSeq;
    }

    /** The sequence number of the last entry returned (or the starting point). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Up to {@code max} durable entries after the last one returned; empty when caught up. */
    public List<JournalEntry> next(int max) {
        List<JournalEntry> entries = new ArrayList<>();
        long durable = journal.durableSeq();
        try {
            while (entries.size() < max && lastSeq < durable) {
                if (!positionAt(lastSeq + 1)) {
                    break;
                }
                Optional<SegmentFiles.Read> read = SegmentFiles.readAt(channel, position, journal.maxRecordBytes());
                if (read.isEmpty()) {
                    if (!advanceSegment()) {
                        break;
                    }
                    continue;
                }
                position = read.get().nextPosition();
                JournalEntry entry = read.get().entry();
                if (entry.seq() <= lastSeq) {
                    continue;
                }
                lastSeq = entry.seq();
                entries.add(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Makes sure the open segment is the one holding {@code seq}. */
    private boolean positionAt(long seq) throws IOException {
        if (channel != null) {
            return true;
        }
        Map.Entry<Long, Path> segment = journal.segments().floorEntry(seq);
        if (segment == null) {
            segment = journal.segments().ceilingEntry(seq);
        }
        if (segment == null) {
            return false;
        }
        open(segment);
        return true;
    }

    private boolean advanceSegment() throws IOException {
        Map.Entry<Long, Path> next = journal.segments().higherEntry(segmentFirstSeq);
        if (next == null) {
            return false;
        }
        open(next);
        return true;
    }

    private void open(Map.Entry<Long, Path> segment) throws IOException {
        close();
        channel = FileChannel.open(segment.getValue(), StandardOpenOption.READ);
        segmentFirstSeq = segment.getKey();
        position = 0;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
