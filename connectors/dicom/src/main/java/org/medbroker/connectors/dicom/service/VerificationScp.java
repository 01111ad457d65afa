package org.medbroker.connectors.dicom.service;

import java.util.List;
import java.util.Map;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DataSetReceiver;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;

/** Verification SOP Class SCP (PS3.4 annex A): answers C-ECHO with Success. */
public final class VerificationScp implements DimseService {

    @Override
    public Map<String, List<String>> abstractSyntaxes() {
        return Map.of(UID.Verification, TransferSyntaxes.uncompressed());
    }

    @Override
    public DataSetReceiver onRequest(Operation operation) {
        DimseMessage.Request rq = operation.request();
        int status = rq instanceof DimseMessage.CEchoRq ? Status.SUCCESS : Status.SOP_CLASS_NOT_SUPPORTED;
        operation.respond(Responses.of(rq, status, null));
        return null;
    }
}
