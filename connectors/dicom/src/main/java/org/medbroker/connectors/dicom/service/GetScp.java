package org.medbroker.connectors.dicom.service;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * C-GET SCP (PS3.4 C.4.3) for Patient Root and Study Root: the objects the {@link RetrieveProvider}
 * finds go back as C-STORE sub-operations on the same association, on the storage contexts the
 * requestor proposed with the SCP role for itself.
 */
public final class GetScp implements DimseService {

    private static final Logger log = LoggerFactory.getLogger(GetScp.class);

    private final RetrieveProvider provider;
    private final Executor workers;
    private final int maxIdentifierLength;
    private final Duration subOperationTimeout;

    public GetScp(RetrieveProvider provider, Executor workers, int maxIdentifierLength, Duration subOperationTimeout) {
        this.provider = provider;
        this.workers = workers;
        this.maxIdentifierLength = maxIdentifierLength;
        this.subOperationTimeout = subOperationTimeout;
    }

    @Override
    public Map<String, List<String>> abstractSyntaxes() {
        Map<String, List<String>> syntaxes = new LinkedHashMap<>();
        syntaxes.put(UID.PatientRootQueryRetrieveInformationModelGet, TransferSyntaxes.uncompressed());
        syntaxes.put(UID.StudyRootQueryRetrieveInformationModelGet, TransferSyntaxes.uncompressed());
        return syntaxes;
    }

    @Override
    public Map<String, List<String>> subOperationSyntaxes() {
        Map<String, List<String>> syntaxes = new LinkedHashMap<>();
        for (String sopClass : UID.storageSopClasses()) {
            syntaxes.put(sopClass, TransferSyntaxes.all());
        }
        return syntaxes;
    }

    @Override
    public DataSetReceiver onRequest(Operation op) {
        if (!(op.request() instanceof DimseMessage.CGetRq rq)) {
            op.respond(Responses.failure(op.request(), Status.SOP_CLASS_NOT_SUPPORTED, null));
            return DataSetReceiver.DISCARD;
        }
        return DataSetReceiver.collecting(maxIdentifierLength, bytes -> {
            QueryRequest request = Identifiers.parse(op, bytes, maxIdentifierLength);
            if (request == null) {
                return;
            }
            try {
                workers.execute(() -> run(op, rq, request));
            } catch (RejectedExecutionException e) {
                op.respond(Responses.of(rq, Status.OUT_OF_RESOURCES, "MB-0653: server shutting down"));
            }
        });
    }

    private void run(Operation op, DimseMessage.CGetRq rq, QueryRequest request) {
        List<RetrievableObject> objects;
        try {
            objects = provider.find(request);
        } catch (IOException | RuntimeException | Error e) {
            log.error("{}: MB-0654: finding the objects to retrieve failed: {}", op.name(), PhiFreeFailure.describe(e));
            op.respond(Responses.of(rq, Status.UNABLE_TO_PERFORM_SUB_OPERATIONS, "MB-0654: retrieve store unavailable"));
            return;
        }
        SubOperations.run(op, objects, op.dimse(), op.association(), null, 0, subOperationTimeout,
                (status, comment, counts) -> new DimseMessage.CGetRsp(rq.messageId(), rq.affectedSopClassUid(), status,
                        comment, counts));
    }
}
