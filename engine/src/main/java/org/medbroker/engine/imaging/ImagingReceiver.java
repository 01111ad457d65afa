package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.service.ReceivedObject;
import org.medbroker.connectors.dicom.service.StorageSink;
import org.medbroker.connectors.dicom.service.StoreResult;
import org.medbroker.connectors.dicom.service.StoreResult.Outcome;
import org.medbroker.engine.config.BrokerConfig.DuplicatePolicy;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.RecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage sink of one DICOM listener: puts each received object at its place in the storage
 * layout, applies the duplicate policy, and journals its {@link ImagingReceipt} before the
 * C-STORE-RSP leaves, as HL7 messages are journaled before their ACK. The index follows from the
 * journal ({@link ImagingIndexer}, in batches); a large object's file is forced to disk here, a
 * small one travels whole in its receipt and its file is forced with the indexer's batch. A full
 * disk, an unwritable directory or a journal that cannot write answer Out of Resources.
 */
public final class ImagingReceiver implements StorageSink {

    private static final Logger log = LoggerFactory.getLogger(ImagingReceiver.class);

    private final String listener;
    private final Path storageDir;
    private final StorageLayout layout;
    private final DuplicatePolicy duplicates;
    private final boolean fsync;
    private final RecordStore store;
    private final ImagingIndex index;
    private final Journal journal;
    private final PendingInstances pending;
    private final ImagingMetrics metrics;
    private final AtomicLong partCounter = new AtomicLong();

    ImagingReceiver(String listener, Path storageDir, StorageLayout layout, DuplicatePolicy duplicates, boolean fsync,
            RecordStore store, ImagingIndex index, Journal journal, PendingInstances pending, ImagingMetrics metrics) {
        this.listener = listener;
        this.storageDir = storageDir.toAbsolutePath().normalize();
        this.layout = layout;
        this.duplicates = duplicates;
        this.fsync = fsync;
        this.store = store;
        this.index = index;
        this.journal = journal;
        this.pending = pending;
        this.metrics = metrics;
    }

    @Override
    public StoreResult store(ReceivedObject object) throws IOException {
        InstanceHeader header;
        try {
            header = InstanceHeader.of(headerOf(object));
        } catch (InstanceHeader.MissingUidException e) {
            return refuse(Outcome.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!object.inMemory() && !Files.exists(object.file())) {
                throw new IOException(e);
            }
            return refuse(Outcome.CANNOT_UNDERSTAND, "MB-0664: the data set cannot be parsed");
        }
        String sopInstanceUid = object.sopInstanceUid();
        if (!header.instance().sopInstanceUid().equals(sopInstanceUid)) {
            return refuse(Outcome.CANNOT_UNDERSTAND, "MB-0665: SOP Instance UID differs from the C-STORE request's");
        }
        boolean keep = duplicates == DuplicatePolicy.KEEP;
        if (keep && (!pending.claim(listener, sopInstanceUid) || indexed(sopInstanceUid))) {
            metrics.duplicate(listener);
            log.info("{}: DICOM object from {} already stored; kept the stored one (duplicate policy keep)", listener,
                    object.callingAeTitle());
            return StoreResult.of(Outcome.DUPLICATE, "MB-0662: SOP instance already stored; kept");
        }
        Path target = layout.resolve(storageDir, header);
        String targetName = target.toString();
        boolean placed = false;
        try {
            place(object, target);
            placed = true;
            if (object.inMemory()) {
                pending.fileWritten(targetName);
            }
            byte[] receipt = ImagingReceipt.of(object, targetName).encode();
            (fsync ? journal.append(Instant.now(), listener, object.remoteAddress(), ImagingReceipt.PROTOCOL, receipt)
                    : journal.appendUnforced(Instant.now(), listener, object.remoteAddress(), ImagingReceipt.PROTOCOL, receipt))
                    .get();
        } catch (IOException | ExecutionException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            undo(object, target, placed, keep);
            metrics.failed(listener);
            log.error("{}: MB-0667: cannot store a DICOM object below {} ({}); answered out of resources", listener, storageDir,
                    e instanceof ExecutionException ? e.getCause().getMessage() : e.getClass().getSimpleName());
            throw e instanceof IOException io ? io : new IOException("MB-0667: storage unavailable", e);
        }
        metrics.stored(listener, object.dataSetOffset() + object.dataSetLength());
        return StoreResult.stored();
    }

    private static Attributes headerOf(ReceivedObject object) throws IOException {
        if (object.header() != null) {
            return object.header();
        }
        if (object.inMemory()) {
            TransferSyntax ts = TransferSyntax.forUid(object.transferSyntaxUid()).orElseThrow();
            Attributes parsed = Part10.datasetUntilPixelData(object.dataSet(), object.dataSet().length, true, ts);
            if (parsed == null) {
                throw new IOException("unparseable data set");
            }
            return parsed;
        }
        return Part10.readDatasetUntilPixelData(object.file()).dataset();
    }

    private boolean indexed(String sopInstanceUid) throws IOException {
        try (Connection connection = store.dataSource().getConnection()) {
            if (index.filePathOf(connection, sopInstanceUid).isEmpty()) {
                return false;
            }
        } catch (SQLException e) {
            pending.release(listener, sopInstanceUid);
            metrics.failed(listener);
            log.error("{}: MB-0666: the record store cannot say whether a DICOM object is stored ({}); answered out of resources",
                    listener, e.getMessage());
            throw new IOException("MB-0666: record store unavailable", e);
        }
        pending.release(listener, sopInstanceUid);
        return true;
    }

    /**
     * The object's file at {@code target}, atomically: a file received on disk is renamed there
     * (and, with fsync, its directory forced); one in memory is written beside it and renamed, and
     * forced later by the indexer (its receipt holds the bytes until then).
     */
    private void place(ReceivedObject object, Path target) throws IOException {
        if (!object.inMemory()) {
            rename(object.file(), target, fsync);
            return;
        }
        Path part = target.resolveSibling(target.getFileName() + "." + partCounter.incrementAndGet() + ".part");
        try {
            try {
                object.moveTo(part);
            } catch (NoSuchFileException e) {
                Files.createDirectories(target.getParent());
                object.moveTo(part);
            }
            rename(part, target, false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Rename within the file system; with {@code force}, the directory afterwards so the new name survives a power cut. */
    static void rename(Path source, Path target, boolean force) throws IOException {
        try {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                // the first object of its series: the directory comes first (most objects skip the mkdir)
                if (!Files.exists(source)) {
                    throw e;
                }
                Files.createDirectories(target.getParent());
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            if (force) {
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        if (force) {
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
    }

    /** Not journaled: nothing to index. A file new under keep goes; under replace the sender sends again. */
    private void undo(ReceivedObject object, Path target, boolean placed, boolean keep) {
        if (placed && object.inMemory()) {
            pending.fileIndexed(target.toString());
        }
        if (placed && keep) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                log.warn("{}: MB-0668: could not delete a DICOM file not journaled ({})", listener, e.getClass().getSimpleName());
            }
        }
        if (keep) {
            pending.release(listener, object.sopInstanceUid());
        }
    }

    private StoreResult refuse(Outcome outcome, String detail) {
        metrics.failed(listener);
        log.warn("{}: {}", listener, detail);
        return StoreResult.of(outcome, detail);
    }
}
