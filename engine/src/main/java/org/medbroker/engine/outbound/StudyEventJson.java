package org.medbroker.engine.outbound;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medbroker.engine.http.Json;

/**
 * The JSON a webhook receives for a study event, no names or birth dates (the receiver reads those
 * from the FHIR Patient it references):
 *
 * <pre>
 * {"type":"studyAvailable","id":"MS7.X1Y2","studyInstanceUid":"1.2.826...","imagingStudy":"ImagingStudy/42",
 *  "version":"3","patient":"Patient/17","patientId":"MRN-1001","issuerOfPatientId":"CLINIC","accessionNumber":"ACC-77",
 *  "studyDate":"20261130","modalities":["CT"],"series":1,"instances":3,"listeners":["imaging"]}
 * </pre>
 */
final class StudyEventJson {

    private StudyEventJson() {}

    static String write(StudyEvent e, String controlId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "studyAvailable");
        json.put("id", controlId);
        json.put("studyInstanceUid", e.studyInstanceUid());
        json.put("imagingStudy", "ImagingStudy/" + e.imagingStudyId());
        json.put("version", e.resourceVersion());
        json.put("patient", "Patient/" + e.patientRef());
        json.put("patientId", e.patientId());
        json.put("issuerOfPatientId", e.issuerOfPatientId());
        json.put("accessionNumber", e.accessionNumber());
        json.put("studyDate", e.studyDate());
        json.put("modalities", e.modalities());
        json.put("series", e.series());
        json.put("instances", e.instances());
        json.put("listeners", e.listeners());
        return Json.write(json);
    }
}
