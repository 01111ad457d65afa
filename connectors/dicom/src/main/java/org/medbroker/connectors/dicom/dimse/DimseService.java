package org.medbroker.connectors.dicom.dimse;

import java.util.List;
import java.util.Map;

/**
 * A service class provider: the abstract syntaxes it serves and what it does with each request.
 * One instance serves every association; per-request state lives in what {@link #onRequest} returns.
 */
public interface DimseService {

    /** The SOP classes served, each with the transfer syntaxes accepted for it. */
    Map<String, List<String>> abstractSyntaxes();

    /**
     * SOP classes this service invokes on the peer over the same association (C-GET's C-STORE
     * sub-operations), to be accepted with the SCP role for the peer; not routed to this service.
     */
    default Map<String, List<String>> subOperationSyntaxes() {
        return Map.of();
    }

    /**
     * A request arrived, on the association's event loop: must not block. Answer through
     * {@link Operation#respond}, from any thread, once or (C-FIND) pending responses then a final one.
     *
     * @return where the request's data set goes, or null when the request has none
     */
    DataSetReceiver onRequest(Operation operation);
}
