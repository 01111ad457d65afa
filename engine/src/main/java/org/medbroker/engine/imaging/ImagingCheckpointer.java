package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.medbroker.connectors.dicom.service.PhiFreeFailure;
import org.medbroker.engine.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the index entries of answered objects as durable as their files. The embedded store writes
 * its commits to disk seconds later, so a crash can take the last ones with it while the objects,
 * answered Success, are on disk. Therefore each listener's storage directory carries an
 * {@link IndexedMark}: after objects were stored, every {@link #EVERY} the record store is
 * checkpointed and the mark moved to the moment before which every object was indexed; an orderly
 * stop leaves a clean mark. When a listener opens after a stop that was not clean, the objects stored
 * since its mark are checked and those the index lost are indexed again ({@link ImagingRecovery}),
 * before the listener accepts associations.
 */
public final class ImagingCheckpointer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImagingCheckpointer.class);
    static final Duration EVERY = Duration.ofSeconds(10);

    private final RecordStore store;
    private final List<ImagingStore> sinks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "imaging-checkpoint");
        thread.setDaemon(true);
        return thread;
    });

    public ImagingCheckpointer(RecordStore store) {
        this.store = store;
    }

    public ImagingCheckpointer start() {
        timer.scheduleWithFixedDelay(() -> mark(false), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Before the sink's listener starts: indexes what a crash lost from its storage directory, then marks it in use. */
    public void open(ImagingStore sink) throws IOException, SQLException {
        Instant opened = Instant.now();
        boolean existed = Files.isDirectory(sink.storageDir());
        Files.createDirectories(sink.storageDir());
        Optional<IndexedMark> mark = IndexedMark.read(sink.storageDir());
        if (existed && (mark.isEmpty() || !mark.get().clean())) {
            long begin = System.nanoTime();
            ImagingRecovery.Result result = ImagingRecovery.run(sink, mark.map(IndexedMark::until));
            store.checkpoint();
            String scope = mark.map(m -> "stored since " + m.until()).orElse("in the storage directory (no mark yet)");
            log.info("{}: storage checked after a stop that was not clean: {} object(s) {}, {} indexed again,"
                    + " {} indexed at another path, {} not DICOM, {} failed ({} ms)", sink.listener(), result.checked(), scope,
                    result.indexed(), result.indexedElsewhere(), result.notObjects(), result.failed(),
                    Duration.ofNanos(System.nanoTime() - begin).toMillis());
        }
        new IndexedMark(opened, false).write(sink.storageDir());
        sinks.add(sink);
    }

    /** Checkpoints the store and moves the marks of the listeners that stored something (all of them when {@code last}). */
    private void mark(boolean last) {
        List<ImagingStore> marked = new ArrayList<>();
        List<Instant> until = new ArrayList<>();
        Instant now = Instant.now();
        for (ImagingStore sink : sinks) {
            if (sink.activity().takeActivity() || last) {
                marked.add(sink);
                until.add(sink.activity().committedBefore(now));
            }
        }
        if (marked.isEmpty()) {
            return;
        }
        try {
            store.checkpoint();
        } catch (SQLException | RuntimeException e) {
            log.warn("MB-0670: record store checkpoint failed ({}); DICOM storage marks stay where they were",
                    PhiFreeFailure.describe(e));
            return;
        }
        for (int i = 0; i < marked.size(); i++) {
            ImagingStore sink = marked.get(i);
            try {
                new IndexedMark(until.get(i), last && sink.activity().idle()).write(sink.storageDir());
            } catch (IOException e) {
                log.warn("{}: MB-0671: cannot write the storage mark ({}); a restart after a crash checks more objects",
                        sink.listener(), e.toString());
            }
        }
    }

    /** After the listeners stopped and their workers finished: the last, clean marks. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(30, TimeUnit.SECONDS);
        mark(true);
    }
}
