package org.medbroker.connectors.dicom.service;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DataSetReceiver;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.Part10Writer;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage SOP Class SCP (PS3.4 annex B) for every storage SOP class and every transfer syntax of the
 * io layer, compressed ones included: objects are stored as received, never transcoded.
 *
 * <p>Each data set streams fragment by fragment into a temporary Part 10 file (meta header from the
 * C-STORE-RQ and the presentation context, calling AE title as Source AE Title). Fragments are
 * written on the network thread as they arrive: page-cache writes, no buffering of the object. The
 * fsync and the {@link StorageSink} run on {@code workers}; the sink's result becomes the status of
 * the C-STORE-RSP. Anything that prevents storing answers a failure, never Success.
 */
public final class StorageScp implements DimseService {

    private static final Logger log = LoggerFactory.getLogger(StorageScp.class);

    private final Path tempDirectory;
    private final StorageSink sink;
    private final Executor workers;
    private final boolean fsync;
    private final Map<String, List<String>> abstractSyntaxes;

    /** @param tempDirectory where objects are received; on the same file system as the store, so the sink can move them */
    public StorageScp(Path tempDirectory, StorageSink sink, Executor workers) {
        this(tempDirectory, sink, workers, true);
    }

    /**
     * @param fsync each object is forced to disk before the sink sees it; without, a power cut may
     *              lose objects already answered Success (dcmtk's storescp never forces)
     */
    public StorageScp(Path tempDirectory, StorageSink sink, Executor workers, boolean fsync) {
        this.fsync = fsync;
        this.tempDirectory = tempDirectory;
        this.sink = sink;
        this.workers = workers;
        Map<String, List<String>> syntaxes = new LinkedHashMap<>();
        List<String> all = TransferSyntaxes.all();
        for (String sopClass : UID.storageSopClasses()) {
            syntaxes.put(sopClass, all);
        }
        this.abstractSyntaxes = Map.copyOf(syntaxes);
    }

    @Override
    public Map<String, List<String>> abstractSyntaxes() {
        return abstractSyntaxes;
    }

    @Override
    public DataSetReceiver onRequest(Operation op) {
        if (!(op.request() instanceof DimseMessage.CStoreRq rq)) {
            op.respond(Responses.failure(op.request(), Status.SOP_CLASS_NOT_SUPPORTED, null));
            return DataSetReceiver.DISCARD;
        }
        TransferSyntax ts = op.transferSyntax();
        if (ts == null) {
            op.respond(Responses.failure(rq, Status.PROCESSING_FAILURE, "MB-0620: transfer syntax unknown here"));
            return DataSetReceiver.DISCARD;
        }
        Path file = tempDirectory.resolve("c-store-" + UUID.randomUUID() + ".dcm.part");
        Part10Writer writer;
        try {
            writer = Part10Writer.create(file, Part10.fileMetaInformation(rq.affectedSopClassUid(),
                    rq.affectedSopInstanceUid(), ts, op.association().callingAeTitle()), fsync);
        } catch (IOException | RuntimeException e) {
            log.error("{}: MB-0621: cannot create a file in {}: {}", op.name(), tempDirectory, e.toString());
            op.respond(Responses.failure(rq, Status.OUT_OF_RESOURCES, "MB-0621: receiving directory not writable"));
            return DataSetReceiver.DISCARD;
        }
        return new Receiver(op, rq, file, writer);
    }

    private final class Receiver implements DataSetReceiver {
        private final Operation op;
        private final DimseMessage.CStoreRq rq;
        private final Path file;
        private final Part10Writer writer;
        private IOException failure;

        Receiver(Operation op, DimseMessage.CStoreRq rq, Path file, Part10Writer writer) {
            this.op = op;
            this.rq = rq;
            this.file = file;
            this.writer = writer;
        }

        @Override
        public void onFragment(ByteBuf fragment, boolean last) {
            if (failure == null) {
                try {
                    writer.write(fragment.nioBuffers());
                } catch (IOException e) {
                    failure = e;
                    log.error("{}: MB-0622: writing the received object failed: {}", op.name(), e.toString());
                    abandon();
                }
            }
            if (!last) {
                return;
            }
            if (failure != null) {
                op.respond(Responses.failure(rq, Status.OUT_OF_RESOURCES, "MB-0622: cannot write the received object"));
                return;
            }
            try {
                workers.execute(this::complete);
            } catch (RejectedExecutionException e) {
                abandon();
                op.respond(Responses.failure(rq, Status.OUT_OF_RESOURCES, "MB-0623: server shutting down"));
            }
        }

        /** On a worker: fsync (the writer forces on close), hand to the sink, answer with its result. */
        private void complete() {
            StoreResult result;
            long length = writer.datasetLength();
            try {
                writer.close();
                String remote = op.association().channel().remoteAddress() instanceof InetSocketAddress inet
                        ? inet.getAddress().getHostAddress() : String.valueOf(op.association().channel().remoteAddress());
                result = sink.store(new ReceivedObject(file, Files.size(file) - length, length,
                        rq.affectedSopClassUid(), rq.affectedSopInstanceUid(), op.presentationContext().transferSyntax(),
                        op.association().callingAeTitle(), op.association().calledAeTitle(), remote));
                if (result == null) {
                    result = StoreResult.of(StoreResult.Outcome.PROCESSING_FAILURE, "MB-0624: the store gave no result");
                }
            } catch (IOException e) {
                log.error("{}: MB-0625: storing the received object failed: {}", op.name(), e.toString());
                result = StoreResult.of(StoreResult.Outcome.OUT_OF_RESOURCES, "MB-0625: storage unavailable");
            } catch (RuntimeException e) {
                log.error("{}: MB-0626: storing the received object failed", op.name(), e);
                result = StoreResult.of(StoreResult.Outcome.PROCESSING_FAILURE, "MB-0626: processing failure");
            } finally {
                delete(file);
            }
            int status = result.outcome().status();
            log.info("{}: C-STORE {} bytes, status {}", op.name(), length, Status.hex(status));
            op.respond(Responses.of(rq, status, status == Status.SUCCESS ? null : result.detail()));
        }

        @Override
        public void onAbort() {
            log.info("{}: association ended during C-STORE; {} bytes dropped", op.name(), writer.datasetLength());
            abandon();
        }

        /** Closes and deletes the partial file. */
        private void abandon() {
            try {
                writer.abort();
            } catch (IOException e) {
                log.warn("{}: MB-0627: cannot delete the partial file {}: {}", op.name(), file, e.toString());
            }
        }
    }

    /** Deletes the temporary file if the sink did not take it. */
    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("MB-0627: cannot delete the temporary file {}: {}", file, e.toString());
        }
    }
}
