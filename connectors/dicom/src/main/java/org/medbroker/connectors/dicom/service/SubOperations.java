package org.medbroker.connectors.dicom.service;

import java.time.Duration;
import java.util.List;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.dimse.DimseDispatcher;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-STORE sub-operations of a C-GET or C-MOVE (PS3.4 C.4.2.3, C.4.3.3), one at a time: each
 * object goes out on a presentation context of its SOP class and transfer syntax, a Pending response
 * with the counts follows each, C-CANCEL stops before the next, and the final status sums them up.
 */
final class SubOperations {

    /** Builds the C-GET-RSP or C-MOVE-RSP with a status and counts. */
    interface ResponseFactory {
        DimseMessage.Response response(int status, String comment, DimseMessage.SubOperations counts);
    }

    private static final Logger log = LoggerFactory.getLogger(SubOperations.class);

    private SubOperations() {
    }

    /** Runs on a worker; {@code target} sends the C-STOREs ({@code op}'s own association for C-GET). */
    static void run(Operation op, List<RetrievableObject> objects, DimseDispatcher target, Association targetAssociation,
            String moveOriginatorAeTitle, int moveOriginatorMessageId, Duration timeout, ResponseFactory responses) {
        int remaining = objects.size();
        int completed = 0;
        int failed = 0;
        int warning = 0;
        for (RetrievableObject object : objects) {
            if (op.isCancelled()) {
                op.respond(responses.response(Status.CANCEL, null,
                        new DimseMessage.SubOperations(remaining, completed, failed, warning)));
                return;
            }
            int status = store(op, object, target, targetAssociation, moveOriginatorAeTitle, moveOriginatorMessageId,
                    timeout);
            if (Status.isSuccess(status)) {
                completed++;
            } else if (Status.isWarning(status)) {
                warning++;
            } else {
                failed++;
            }
            remaining--;
            if (remaining > 0 && !op.respond(responses.response(Status.PENDING, null,
                    new DimseMessage.SubOperations(remaining, completed, failed, warning))).awaitUninterruptibly().isSuccess()) {
                log.info("{}: retrieve stopped: the association is gone", op.name());
                return;
            }
        }
        int status = failed + warning == 0 ? Status.SUCCESS
                : completed + warning == 0 ? Status.UNABLE_TO_PERFORM_SUB_OPERATIONS
                : Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES;
        log.info("{}: {} sub-operations: {} completed, {} failed, {} warning; status {}", op.name(), objects.size(),
                completed, failed, warning, Status.hex(status));
        op.respond(responses.response(status, null, new DimseMessage.SubOperations(-1, completed, failed, warning)));
    }

    private static int store(Operation op, RetrievableObject object, DimseDispatcher target, Association association,
            String originatorAe, int originatorId, Duration timeout) {
        try {
            return StoreScu.store(new StoreScu.Opened(association, target), object, originatorAe, originatorId, timeout);
        } catch (StoreScu.NoResponseException e) {
            log.warn("{}: {}", op.name(), e.getMessage());
            return Status.PROCESSING_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.PROCESSING_FAILURE;
        }
    }
}
