package org.medbroker.connectors.dicom.service;

import java.util.Set;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.DicomInputStream;
import org.medbroker.connectors.dicom.io.DicomStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the identifier of a C-FIND, C-GET or C-MOVE and checks its level against the information model. */
final class Identifiers {

    private static final Logger log = LoggerFactory.getLogger(Identifiers.class);
    private static final Set<String> PATIENT_ROOT_LEVELS = Set.of("PATIENT", "STUDY", "SERIES", "IMAGE");
    private static final Set<String> STUDY_ROOT_LEVELS = Set.of("STUDY", "SERIES", "IMAGE");
    private static final Set<String> PATIENT_ROOT = Set.of(UID.PatientRootQueryRetrieveInformationModelFind,
            UID.PatientRootQueryRetrieveInformationModelGet, UID.PatientRootQueryRetrieveInformationModelMove);

    private Identifiers() {
    }

    /** The request, or null after answering the failure (too long, not decodable, wrong level). */
    static QueryRequest parse(Operation op, byte[] bytes, int maxLength) {
        DimseMessage.Request rq = op.request();
        if (bytes == null) {
            op.respond(Responses.of(rq, Status.OUT_OF_RESOURCES, "MB-0631: identifier longer than " + maxLength
                    + " bytes"));
            return null;
        }
        Attributes identifier;
        try {
            identifier = DicomInputStream.decode(bytes, op.transferSyntax());
        } catch (DicomStreamException | RuntimeException e) {
            log.warn("{}: MB-0632: identifier not decodable: {}", op.name(), e.getMessage());
            op.respond(Responses.of(rq, Status.CANNOT_UNDERSTAND, "MB-0632: identifier not decodable"));
            return null;
        }
        String model = rq.affectedSopClassUid();
        String level;
        if (UID.ModalityWorklistInformationModelFind.equals(model)) {
            level = QueryRequest.WORKLIST;
        } else {
            level = identifier.getString(Tag.QueryRetrieveLevel);
            Set<String> levels = PATIENT_ROOT.contains(model) ? PATIENT_ROOT_LEVELS : STUDY_ROOT_LEVELS;
            if (level == null || !levels.contains(level)) {
                op.respond(Responses.of(rq, Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS,
                        "MB-0633: Query/Retrieve Level missing or not of this model"));
                return null;
            }
        }
        return new QueryRequest(model, level, identifier, op.association().callingAeTitle());
    }
}
