package org.medbroker.connectors.dicom.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DataSetReceiver;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-MOVE SCP (PS3.4 C.4.2) for Patient Root and Study Root: opens an association to the move
 * destination (known AE titles only, from {@code destinations}), proposing one presentation context
 * per SOP class and transfer syntax of the objects found, sends them as C-STORE sub-operations with
 * the move originator's AE title and message id, and reports Pending counts on the C-MOVE's own
 * association. Plain TCP to the destination.
 */
public final class MoveScp implements DimseService {

    private static final Logger log = LoggerFactory.getLogger(MoveScp.class);

    private final RetrieveProvider provider;
    private final Map<String, InetSocketAddress> destinations;
    private final AssociationPolicy requestorPolicy;
    private final Executor workers;
    private final int maxIdentifierLength;
    private final Duration subOperationTimeout;

    /**
     * @param destinations move destination AE titles and where each listens
     * @param requestorPolicy limits and timers of the associations to destinations
     */
    public MoveScp(RetrieveProvider provider, Map<String, InetSocketAddress> destinations,
            AssociationPolicy requestorPolicy, Executor workers, int maxIdentifierLength, Duration subOperationTimeout) {
        this.provider = provider;
        this.destinations = Map.copyOf(destinations);
        this.requestorPolicy = requestorPolicy;
        this.workers = workers;
        this.maxIdentifierLength = maxIdentifierLength;
        this.subOperationTimeout = subOperationTimeout;
    }

    @Override
    public Map<String, List<String>> abstractSyntaxes() {
        Map<String, List<String>> syntaxes = new LinkedHashMap<>();
        syntaxes.put(UID.PatientRootQueryRetrieveInformationModelMove, TransferSyntaxes.uncompressed());
        syntaxes.put(UID.StudyRootQueryRetrieveInformationModelMove, TransferSyntaxes.uncompressed());
        return syntaxes;
    }

    @Override
    public DataSetReceiver onRequest(Operation op) {
        if (!(op.request() instanceof DimseMessage.CMoveRq rq)) {
            op.respond(Responses.failure(op.request(), Status.SOP_CLASS_NOT_SUPPORTED, null));
            return DataSetReceiver.DISCARD;
        }
        return DataSetReceiver.collecting(maxIdentifierLength, bytes -> {
            QueryRequest request = Identifiers.parse(op, bytes, maxIdentifierLength);
            if (request == null) {
                return;
            }
            InetSocketAddress destination = destinations.get(rq.moveDestination());
            if (destination == null) {
                log.info("{}: C-MOVE to unknown destination '{}'", op.name(), rq.moveDestination());
                op.respond(Responses.of(rq, Status.MOVE_DESTINATION_UNKNOWN, "MB-0655: move destination unknown"));
                return;
            }
            try {
                workers.execute(() -> run(op, rq, request, destination));
            } catch (RejectedExecutionException e) {
                op.respond(Responses.of(rq, Status.OUT_OF_RESOURCES, "MB-0653: server shutting down"));
            }
        });
    }

    private void run(Operation op, DimseMessage.CMoveRq rq, QueryRequest request, InetSocketAddress destination) {
        List<RetrievableObject> objects;
        try {
            objects = provider.find(request);
        } catch (IOException | RuntimeException | Error e) {
            log.error("{}: MB-0654: finding the objects to retrieve failed: {}", op.name(), PhiFreeFailure.describe(e));
            op.respond(response(rq, Status.UNABLE_TO_PERFORM_SUB_OPERATIONS, "MB-0654: retrieve store unavailable", null));
            return;
        }
        if (objects.isEmpty()) {
            op.respond(response(rq, Status.SUCCESS, null, new DimseMessage.SubOperations(-1, 0, 0, 0)));
            return;
        }
        AssociateRq proposal = StoreScu.proposal(op.association().calledAeTitle(), rq.moveDestination(), objects,
                requestorPolicy);
        StoreScu.Opened outgoing;
        try {
            outgoing = StoreScu.open(op.association().channel().eventLoop(), destination, null, proposal, requestorPolicy);
        } catch (StoreScu.AssociationFailedException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("{}: MB-0656: no association with move destination {} at {}: {}", op.name(), rq.moveDestination(),
                    destination, e.toString());
            op.respond(response(rq, Status.UNABLE_TO_PERFORM_SUB_OPERATIONS,
                    "MB-0656: move destination not reachable", new DimseMessage.SubOperations(-1, 0, objects.size(), 0)));
            return;
        }
        try {
            SubOperations.run(op, objects, outgoing.dimse(), outgoing.association(), op.association().callingAeTitle(),
                    rq.messageId(), subOperationTimeout, (status, comment, counts) -> response(rq, status, comment, counts));
        } finally {
            outgoing.association().release();
        }
    }

    private static DimseMessage.CMoveRsp response(DimseMessage.CMoveRq rq, int status, String comment,
            DimseMessage.SubOperations counts) {
        return new DimseMessage.CMoveRsp(rq.messageId(), rq.affectedSopClassUid(), status, comment, counts);
    }
}
