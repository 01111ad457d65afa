package org.medbroker.connectors.dicom.service;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.medbroker.connectors.dicom.data.Attributes;
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
 * <p>Each data set goes into a temporary Part 10 file (meta header from the C-STORE-RQ and the
 * presentation context, calling AE title as Source AE Title). Its first {@code maxHead} bytes are
 * kept in memory: a data set that fits is written by a worker in one go; a longer one streams into
 * the file fragment by fragment on the network thread as they arrive (page-cache writes, the heap
 * does not grow with the object). The header up to Pixel Data, parsed from the kept bytes, goes to
 * the sink with the file. The fsync and the {@link StorageSink} run on {@code workers}; the sink's
 * result becomes the status of the C-STORE-RSP. Anything that prevents storing answers a failure,
 * never Success.
 */
public final class StorageScp implements DimseService {

    private static final Logger log = LoggerFactory.getLogger(StorageScp.class);
    /** Enough for the header of all but enhanced multi-frame objects, and for whole small objects. */
    public static final int DEFAULT_MAX_HEAD = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private final Path tempDirectory;
    private final StorageSink sink;
    private final Executor workers;
    private final boolean fsync;
    private final Map<String, List<String>> abstractSyntaxes;
    private final int maxHead;
    private final String tempPrefix = "c-store-" + UUID.randomUUID() + "-";
    private final AtomicLong tempCounter = new AtomicLong();

    /** @param tempDirectory where objects are received; on the same file system as the store, so the sink can move them */
    public StorageScp(Path tempDirectory, StorageSink sink, Executor workers) {
        this(tempDirectory, sink, workers, true);
    }

    /**
     * @param fsync each object is forced to disk before the sink sees it; without, a power cut may
     *              lose objects already answered Success (dcmtk's storescp never forces)
     */
    public StorageScp(Path tempDirectory, StorageSink sink, Executor workers, boolean fsync) {
        this(tempDirectory, sink, workers, fsync, DEFAULT_MAX_HEAD);
    }

    /**
     * @param maxHead bytes kept in memory from the start of each data set (at most
     *                {@value Part10#DEFAULT_INDEX_BULK_DATA_THRESHOLD}): the header the sink gets is
     *                parsed from them, and a data set no longer than this is written to its file by a
     *                worker in one go instead of fragment by fragment on the network thread
     */
    public StorageScp(Path tempDirectory, StorageSink sink, Executor workers, boolean fsync, int maxHead) {
        if (maxHead < 0 || maxHead > Part10.DEFAULT_INDEX_BULK_DATA_THRESHOLD) {
            throw new IllegalArgumentException("maxHead not in 0.." + Part10.DEFAULT_INDEX_BULK_DATA_THRESHOLD + ": " + maxHead);
        }
        this.maxHead = maxHead;
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
        return new Receiver(op, rq, ts);
    }

    /**
     * One data set on its way to a file. Its first bytes, up to {@code maxHead}, are also kept in
     * {@code head}: the sink gets the header parsed from them instead of reading the file back, and a
     * data set that fits entirely is written by the worker in one go, so the network thread never
     * touches the file system for it. A longer one streams into the file from the network thread as
     * its fragments arrive.
     */
    private final class Receiver implements DataSetReceiver {
        private final Operation op;
        private final DimseMessage.CStoreRq rq;
        private final TransferSyntax ts;
        private final Path file;
        private byte[] head = EMPTY;
        private int headLength;
        private long length;
        private Part10Writer writer;
        private IOException failure;

        Receiver(Operation op, DimseMessage.CStoreRq rq, TransferSyntax ts) {
            this.op = op;
            this.rq = rq;
            this.ts = ts;
            this.file = tempDirectory.resolve(tempPrefix + tempCounter.incrementAndGet() + ".dcm.part");
        }

        @Override
        public void onFragment(ByteBuf fragment, boolean last) {
            int kept = headLength;
            length += fragment.readableBytes();
            keepHead(fragment, last);
            if (failure == null && (writer != null || length > maxHead)) {
                try {
                    if (writer == null) {
                        writer = createFile();
                        writer.write(ByteBuffer.wrap(head, 0, kept));
                    }
                    writer.write(fragment.nioBuffers());
                } catch (IOException e) {
                    failure = e;
                    if (!(e instanceof CreateFailed)) {
                        log.error("{}: MB-0622: writing the received object failed: {}", op.name(), PhiFreeFailure.describe(e));
                    }
                    abandon();
                }
            }
            if (!last) {
                return;
            }
            if (failure != null) {
                op.respond(Responses.failure(rq, Status.OUT_OF_RESOURCES, failure instanceof CreateFailed
                        ? "MB-0621: receiving directory not writable" : "MB-0622: cannot write the received object"));
                return;
            }
            try {
                workers.execute(this::complete);
            } catch (RejectedExecutionException e) {
                abandon();
                op.respond(Responses.failure(rq, Status.OUT_OF_RESOURCES, "MB-0623: server shutting down"));
            }
        }

        /** Copies what {@code head} can still take of the fragment, without consuming it. */
        private void keepHead(ByteBuf fragment, boolean last) {
            int take = Math.min(fragment.readableBytes(), maxHead - headLength);
            if (take <= 0) {
                return;
            }
            if (headLength + take > head.length) {
                int size = last && writer == null ? headLength + take
                        : Math.min(maxHead, Math.max(headLength + take, Math.max(4096, head.length * 2)));
                head = Arrays.copyOf(head, size);
            }
            fragment.getBytes(fragment.readerIndex(), head, headLength, take);
            headLength += take;
        }

        private Part10Writer createFile() throws IOException {
            try {
                return Part10Writer.create(file, Part10.fileMetaInformation(rq.affectedSopClassUid(),
                        rq.affectedSopInstanceUid(), ts, op.association().callingAeTitle()), fsync);
            } catch (IOException | RuntimeException e) {
                log.error("{}: MB-0621: cannot create a file in {}: {}", op.name(), tempDirectory, PhiFreeFailure.describe(e));
                throw new CreateFailed(e);
            }
        }

        /** On a worker: write or fsync the file (the writer forces on close), hand it to the sink, answer with its result. */
        private void complete() {
            StoreResult result;
            try {
                if (writer == null) {
                    writer = createFile();
                    writer.write(ByteBuffer.wrap(head, 0, headLength));
                }
                writer.close();
                Attributes header = Part10.datasetUntilPixelData(head, headLength, length == headLength, ts);
                head = EMPTY;
                String remote = op.association().channel().remoteAddress() instanceof InetSocketAddress inet
                        ? inet.getAddress().getHostAddress() : String.valueOf(op.association().channel().remoteAddress());
                result = sink.store(new ReceivedObject(file, writer.headerLength(), length,
                        rq.affectedSopClassUid(), rq.affectedSopInstanceUid(), op.presentationContext().transferSyntax(),
                        op.association().callingAeTitle(), op.association().calledAeTitle(), remote, header));
                if (result == null) {
                    result = StoreResult.of(StoreResult.Outcome.PROCESSING_FAILURE, "MB-0624: the store gave no result");
                }
            } catch (CreateFailed e) {
                result = StoreResult.of(StoreResult.Outcome.OUT_OF_RESOURCES, "MB-0621: receiving directory not writable");
            } catch (IOException e) {
                log.error("{}: MB-0625: storing the received object failed: {}", op.name(), PhiFreeFailure.describe(e));
                result = StoreResult.of(StoreResult.Outcome.OUT_OF_RESOURCES, "MB-0625: storage unavailable");
            } catch (RuntimeException | Error e) {
                // an Error too: the peer waits for an answer, and a success must never be implied
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
            log.info("{}: association ended during C-STORE; {} bytes dropped", op.name(), length);
            head = EMPTY;
            abandon();
        }

        /** Closes and deletes the partial file, if there is one. */
        private void abandon() {
            if (writer == null) {
                return;
            }
            try {
                writer.abort();
            } catch (IOException e) {
                log.warn("{}: MB-0627: cannot delete the partial file {}: {}", op.name(), file, e.toString());
            }
        }
    }

    /** The temporary file could not be created: the receiving directory is not usable. */
    private static final class CreateFailed extends IOException {
        CreateFailed(Exception cause) {
            super(cause);
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
