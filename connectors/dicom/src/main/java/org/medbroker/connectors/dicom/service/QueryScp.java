package org.medbroker.connectors.dicom.service;

import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DataSetReceiver;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-FIND SCP (PS3.4 C.4.1 and K.4.1) for Patient Root and Study Root Query/Retrieve FIND and Modality
 * Worklist FIND. The identifier is collected (up to {@code maxIdentifierLength}), decoded, and handed
 * to the {@link QueryProvider} on a worker; each match goes out as a Pending (FF00) response, the
 * next one only after it is written (a slow peer slows the query, nothing piles up); a C-CANCEL is
 * honoured between matches with a final Cancel (FE00); the end is a final Success.
 */
public final class QueryScp implements DimseService {

    private static final Logger log = LoggerFactory.getLogger(QueryScp.class);

    private final QueryProvider provider;
    private final Executor workers;
    private final int maxIdentifierLength;

    public QueryScp(QueryProvider provider, Executor workers, int maxIdentifierLength) {
        this.provider = provider;
        this.workers = workers;
        this.maxIdentifierLength = maxIdentifierLength;
    }

    @Override
    public Map<String, List<String>> abstractSyntaxes() {
        Map<String, List<String>> syntaxes = new LinkedHashMap<>();
        List<String> ts = TransferSyntaxes.uncompressed();
        syntaxes.put(UID.PatientRootQueryRetrieveInformationModelFind, ts);
        syntaxes.put(UID.StudyRootQueryRetrieveInformationModelFind, ts);
        syntaxes.put(UID.ModalityWorklistInformationModelFind, ts);
        return syntaxes;
    }

    @Override
    public DataSetReceiver onRequest(Operation op) {
        if (!(op.request() instanceof DimseMessage.CFindRq rq)) {
            op.respond(Responses.failure(op.request(), Status.SOP_CLASS_NOT_SUPPORTED, null));
            return DataSetReceiver.DISCARD;
        }
        return DataSetReceiver.collecting(maxIdentifierLength, bytes -> onIdentifier(op, rq, bytes));
    }

    private void onIdentifier(Operation op, DimseMessage.CFindRq rq, byte[] bytes) {
        QueryRequest request = Identifiers.parse(op, bytes, maxIdentifierLength);
        if (request == null) {
            return;
        }
        try {
            workers.execute(() -> run(op, rq, request));
        } catch (RejectedExecutionException e) {
            op.respond(Responses.of(rq, Status.OUT_OF_RESOURCES, "MB-0634: server shutting down"));
        }
    }

    /** On a worker: one Pending per match, then the final status. */
    private void run(Operation op, DimseMessage.CFindRq rq, QueryRequest request) {
        int matches = 0;
        int status = Status.SUCCESS;
        String comment = null;
        try (Stream<Attributes> results = provider.find(request)) {
            Iterator<Attributes> it = results.iterator();
            while (!op.isCancelled() && it.hasNext()) {
                Attributes match = it.next();
                if (op.isCancelled()) {
                    break;
                }
                Future<Void> sent = op.respond(new DimseMessage.CFindRsp(rq.messageId(), rq.affectedSopClassUid(),
                        Status.PENDING, null), match);
                matches++;
                if (!sent.awaitUninterruptibly().isSuccess()) {
                    log.info("{}: C-FIND stopped after {} matches: the association is gone", op.name(), matches);
                    return;
                }
            }
            if (op.isCancelled()) {
                status = Status.CANCEL;
            }
        } catch (IOException e) {
            log.error("{}: MB-0635: the query failed: {}", op.name(), PhiFreeFailure.describe(e));
            status = Status.OUT_OF_RESOURCES;
            comment = "MB-0635: query store unavailable";
        } catch (RuntimeException | Error e) {
            log.error("{}: MB-0636: the query failed", op.name(), e);
            status = Status.UNABLE_TO_PROCESS;
            comment = "MB-0636: unable to process";
        }
        log.info("{}: C-FIND at {} level: {} matches, status {}", op.name(), request.level(), matches, Status.hex(status));
        op.respond(new DimseMessage.CFindRsp(rq.messageId(), rq.affectedSopClassUid(), status, comment));
    }
}
