package org.medbroker.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next segment file, written full of zeros and fsynced ahead of time on a background thread.
 *
 * <p>Overwriting blocks a file already has needs an {@code fdatasync} of the data only; appending
 * also commits the file system's metadata for the new blocks, which costs about twice as much per
 * acknowledged batch on the disks measured. A zero length field ends a segment's valid records, so
 * the zeros read as "nothing written yet".
 */
final class SpareSegment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpareSegment.class);
    static final String NAME = "next.wal.tmp";

    private final Path dir;
    private final long bytes;
    private final ExecutorService preparer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "journal-spare");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Boolean> ready;

    SpareSegment(Path dir, long bytes) {
        this.dir = dir;
        this.bytes = bytes;
        prepareNext();
    }

    /** Waits (bounded) for the spare being prepared, so the first segment after a start is preallocated too. */
    void awaitReady(long millis) {
        try {
            ready.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // not ready in time: the segment grows as written, and the next one is preallocated
        }
    }

    /**
     * Moves the spare into place as {@code target} when it is ready; false when there is none (the
     * caller then creates an ordinary, growing file) .
     */
    boolean claimAs(Path target) {
        try {
            if (ready == null || !ready.isDone() || !ready.get()) {
                return false;
            }
            Files.move(dir.resolve(NAME), target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            if (ready == null || ready.isDone()) {
                prepareNext();
            }
        }
    }

    private void prepareNext() {
        ready = preparer.submit(() -> {
            Path spare = dir.resolve(NAME);
            try (FileChannel channel = FileChannel.open(spare, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.size() >= bytes) {
                    return true;
                }
                ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
                channel.position(channel.size());
                while (channel.position() < bytes) {
                    zeros.clear().limit((int) Math.min(zeros.capacity(), bytes - channel.position()));
                    channel.write(zeros);
                }
                channel.force(true);
                return true;
            } catch (IOException e) {
                log.warn("MB-0107: could not prepare the next journal segment ({}); segments will grow as written", e.getMessage());
                return false;
            }
        });
    }

    @Override
    public void close() {
        preparer.shutdownNow();
    }
}
