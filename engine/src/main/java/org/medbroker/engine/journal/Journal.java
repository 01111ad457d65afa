package org.medbroker.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only, fsynced message journal with group commit.
 *
 * <p>{@link #append} hands the entry to one writer thread. The writer takes every entry waiting at
 * that moment, writes them with one {@code write} and makes them durable with one
 * {@code fdatasync}; only then are their futures completed, so a caller that acknowledges on
 * completion never acknowledges what a power cut could lose. Concurrent senders therefore share
 * fsyncs instead of queueing behind each other's.
 */
public final class Journal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final JournalSettings settings;
    private final BlockingQueue<PendingAppend> queue;
    private final ConcurrentSkipListMap<Long, Path> segments;
    private final Thread writer;
    private final ReentrantLock durableLock = new ReentrantLock();
    private final Condition durableAdvanced = durableLock.newCondition();

    private volatile boolean running = true;
    private volatile long durableSeq;
    private volatile IOException lastFailure;
    private long nextSeq;
    private FileChannel active;
    private final SpareSegment spare;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    private record PendingAppend(
            Instant receivedAt, String listener, String remote, String protocol, byte[] payload,
            CompletableFuture<Long> durable) {}

    private Journal(Path dir, JournalSettings settings, TreeMap<Long, Path> existing, long nextSeq) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.segments = new ConcurrentSkipListMap<>(existing);
        this.nextSeq = nextSeq;
        this.durableSeq = nextSeq - 1;
        this.spare = new SpareSegment(dir, settings.segmentBytes());
        spare.awaitReady(5_000);
        openSegment(nextSeq);
        this.writer = new Thread(this::writeLoop, "journal-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens the journal in {@code dir}, cutting off a record torn by a crash at the end of the
     * last segment. Sequence numbers go on after the highest on disk, and never below
     * {@code minimumNextSeq} (the store's applied position, for when all segments were released).
     */
    public static Journal open(Path dir, JournalSettings settings, long minimumNextSeq) throws IOException {
        Files.createDirectories(dir);
        TreeMap<Long, Path> existing = SegmentFiles.list(dir);
        long lastSeq = 0;
        if (!existing.isEmpty()) {
            Map.Entry<Long, Path> last = existing.lastEntry();
            SegmentFiles.Tail tail = SegmentFiles.scan(last.getValue(), settings.maxEntryBytes() + 1024);
            try (FileChannel channel = FileChannel.open(last.getValue(), StandardOpenOption.WRITE)) {
                if (channel.size() > tail.validEnd()) {
                    log.warn("MB-0101: journal segment {} ends in a torn record; truncated at byte {} (it was never acknowledged)",
                            last.getValue().getFileName(), tail.validEnd());
                    channel.truncate(tail.validEnd());
                    channel.force(true);
                }
            }
            if (tail.lastSeq() == 0) {
                lastSeq = last.getKey() - 1;
                Files.delete(last.getValue());
                existing.remove(last.getKey());
            } else {
                lastSeq = tail.lastSeq();
            }
        }
        return new Journal(dir, settings, existing, Math.max(lastSeq + 1, minimumNextSeq));
    }

    /**
     * Appends one received message. The future completes with its sequence number once the entry
     * is on disk, or exceptionally with a {@link JournalException} when it could not be stored.
     */
    public CompletableFuture<Long> append(Instant receivedAt, String listener, String remote, String protocol, byte[] payload) {
        CompletableFuture<Long> durable = new CompletableFuture<>();
        if (payload.length > settings.maxEntryBytes()) {
            durable.completeExceptionally(new JournalException("MB-0102: message of " + payload.length
                    + " bytes exceeds the journal's limit of " + settings.maxEntryBytes(), null));
            return durable;
        }
        if (!running) {
            durable.completeExceptionally(new JournalException("MB-0103: journal is closed", null));
            return durable;
        }
        try {
            queue.put(new PendingAppend(receivedAt, listener, remote, protocol, payload, durable));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            durable.completeExceptionally(new JournalException("MB-0103: interrupted while journaling", e));
        }
        return durable;
    }

    /** The highest sequence number that is on disk. */
    public long durableSeq() {
        return durableSeq;
    }

    /** The last write failure, if the most recent write failed; cleared by a successful write. */
    public java.util.Optional<IOException> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    /** Waits until an entry after {@code seq} is durable, or the timeout passes. */
    public boolean awaitDurableAfter(long seq, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        durableLock.lock();
        try {
            while (durableSeq <= seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                durableAdvanced.awaitNanos(left);
            }
            return true;
        } finally {
            durableLock.unlock();
        }
    }

    /** Reads durable entries in sequence order, starting after {@code seq}. */
    public JournalCursor cursorAfter(long seq) {
        return new JournalCursor(this, seq);
    }

    /** Deletes the segments whose every entry is at or below {@code seq}; the active one stays. */
    public void releaseUpTo(long seq) throws IOException {
        for (Map.Entry<Long, Path> segment : segments.entrySet()) {
            Long next = segments.higherKey(segment.getKey());
            if (next == null || next - 1 > seq) {
                break;
            }
            Files.deleteIfExists(segment.getValue());
            segments.remove(segment.getKey());
        }
    }

    ConcurrentSkipListMap<Long, Path> segments() {
        return segments;
    }

    int maxRecordBytes() {
        return settings.maxEntryBytes() + 1024;
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>(settings.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.maxBatch() - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("MB-0104: journal writer failed unexpectedly; the batch was not acknowledged", e);
                batch.forEach(p -> p.durable().completeExceptionally(new JournalException("MB-0104: journal writer failed", e)));
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<PendingAppend> batch) {
        long firstSeq = nextSeq;
        List<JournalEntry> entries = new ArrayList<>(batch.size());
        int total = 0;
        for (PendingAppend pending : batch) {
            JournalEntry entry = new JournalEntry(nextSeq++, pending.receivedAt(), pending.listener(),
                    pending.remote(), pending.protocol(), pending.payload());
            entries.add(entry);
            total += EntryCodec.encodedSize(entry, EntryCodec.utf8(entry.listener()),
                    EntryCodec.utf8(entry.remoteAddress()), EntryCodec.utf8(entry.protocol()));
        }
        long startPosition = -1;
        try {
            if (active.position() > 0 && active.position() + total > settings.segmentBytes()) {
                active.force(false);
                active.close();
                openSegment(firstSeq);
            }
            startPosition = active.position();
            ByteBuffer out = bufferFor(total);
            for (JournalEntry entry : entries) {
                EntryCodec.encode(entry, out);
            }
            out.flip();
            while (out.hasRemaining()) {
                active.write(out);
            }
            active.force(false);
        } catch (IOException e) {
            nextSeq = firstSeq;
            lastFailure = e;
            rollBack(startPosition);
            log.error("MB-0105: could not write the journal in {}: {}; {} message(s) not acknowledged",
                    dir, e.getMessage(), batch.size());
            JournalException failure = new JournalException("MB-0105: the journal could not store the message: " + e.getMessage(), e);
            batch.forEach(p -> p.durable().completeExceptionally(failure));
            return;
        }
        lastFailure = null;
        publishDurable(nextSeq - 1);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).durable().complete(entries.get(i).seq());
        }
    }

    private void rollBack(long startPosition) {
        if (startPosition < 0) {
            return;
        }
        try {
            active.truncate(startPosition);
            active.position(startPosition);
        } catch (IOException truncateFailure) {
            log.error("MB-0106: could not cut a failed write off the journal segment; starting a new segment");
            try {
                active.close();
                openSegment(nextSeq);
            } catch (IOException reopenFailure) {
                lastFailure = reopenFailure;
            }
        }
    }

    private ByteBuffer bufferFor(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, buffer.capacity() * 2));
        }
        buffer.clear();
        return buffer;
    }

    private void publishDurable(long seq) {
        durableLock.lock();
        try {
            durableSeq = seq;
            durableAdvanced.signalAll();
        } finally {
            durableLock.unlock();
        }
    }

    private void openSegment(long firstSeq) throws IOException {
        Path path = SegmentFiles.pathFor(dir, firstSeq);
        boolean preallocated = !Files.exists(path) && spare.claimAs(path);
        active = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        active.position(preallocated ? 0 : active.size());
        SegmentFiles.syncDirectory(dir);
        segments.put(firstSeq, path);
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A clean stop leaves no preallocated zeros behind the last record.
        active.truncate(active.position());
        active.force(true);
        active.close();
        spare.close();
    }
}
