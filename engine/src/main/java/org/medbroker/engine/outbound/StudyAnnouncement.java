package org.medbroker.engine.outbound;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbroker.mappings.fhirtov2.V2Text;

/**
 * The ORU^R01 (v2.5.1, UTF-8) that tells an MIS a study's images are available:
 *
 * <pre>
 * MSH|^~\&amp;|MEDBROKER|CLINIC-7|MIS|HOSP|20261130101500+0000||ORU^R01^ORU_R01|MS7.X1Y2|P|2.5.1||||||UNICODE UTF-8
 * PID|1||MRN-95^^^CLINIC^MR||Ivanov^Ivan^Petrovich||19800215|M
 * OBR|1||ACC-95|CT^CT chest^DCM|||20261130093000|||||||||||ACC-95||||||CT|R
 * OBX|1|ST|110180^Study Instance UID^DCM||1.2.826.0.1.3680043.8.498.95.1||||||F|||20261130093000
 * OBX|2|RP|ImagingStudy^FHIR ImagingStudy^L||ImagingStudy/img-95^MEDBROKER^AP^FHIR||||||F
 * </pre>
 *
 * The accession number is both the filler order number (OBR-3) and Placer Field 1 (OBR-18, where
 * IHE radiology puts it); OBR-24 is the modality; OBR-25 {@code R}: results (images) stored, not yet
 * verified by a report. A patient without a DICOM Patient ID is named by the FHIR Patient id
 * ({@code ^^^MEDBROKER^PI}). MSH-7 is the publication time (UTC, with its offset), so a retry repeats the message exactly.
 */
final class StudyAnnouncement {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneOffset.UTC);

    private StudyAnnouncement() {}

    static byte[] encode(StudyEvent e, String controlId, String sendingApplication, String sendingFacility,
            String receivingApplication, String receivingFacility) {
        List<String> segments = new ArrayList<>();
        segments.add("MSH|^~\\&|" + String.join("|", V2Text.escape(sendingApplication), V2Text.escape(sendingFacility), V2Text.escape(receivingApplication),
                V2Text.escape(receivingFacility), TS.format(e.createdAt()), "", "ORU^R01^ORU_R01", V2Text.escape(controlId), "P", "2.5.1",
                "", "", "", "", "", "UNICODE UTF-8"));
        String patientId = e.patientId() == null || e.patientId().isBlank()
                ? component(e.patientRef(), "", "", "MEDBROKER", "PI")
                : component(e.patientId(), "", "", nonNull(e.issuerOfPatientId()), "MR");
        segments.add(segment("PID", "1", "", patientId, "", personName(e.patientName()), "", nonNull(e.patientBirthDate()),
                sex(e.patientSex())));
        String modality = e.modalities().isEmpty() ? "OT" : e.modalities().get(0);
        String description = e.studyDescription() == null || e.studyDescription().isBlank() ? modality + " study"
                : e.studyDescription();
        String when = nonNull(e.studyDate()) + (e.studyDate() == null ? "" : nonNull(e.studyTime()));
        String[] obr = new String[25];
        Arrays.fill(obr, "");
        obr[0] = "1";
        obr[2] = V2Text.escape(nonNull(e.accessionNumber()));
        obr[3] = component(modality, description, "DCM");
        obr[6] = V2Text.escape(when);
        obr[17] = V2Text.escape(nonNull(e.accessionNumber()));
        obr[23] = V2Text.escape(modality);
        obr[24] = "R";
        segments.add(segment("OBR", obr));
        segments.add(segment("OBX", "1", "ST", "110180^Study Instance UID^DCM", "", V2Text.escape(e.studyInstanceUid()), "", "", "", "",
                "", "F", "", "", V2Text.escape(when)));
        segments.add(segment("OBX", "2", "RP", "ImagingStudy^FHIR ImagingStudy^L", "",
                component("ImagingStudy/" + e.imagingStudyId(), sendingApplication, "AP", "FHIR"), "", "", "", "", "", "F"));
        return (String.join("\r", segments) + "\r").getBytes(StandardCharsets.UTF_8);
    }

    private static String segment(String name, String... fields) {
        return name + "|" + String.join("|", fields);
    }

    /** Components, each escaped. */
    private static String component(String... values) {
        return String.join("^", Arrays.stream(values).map(v -> V2Text.escape(nonNull(v))).toList());
    }

    /** DICOM PN (family^given^middle^prefix^suffix, first component group) as XPN (family^given^middle^suffix^prefix). */
    static String personName(String pn) {
        if (pn == null || pn.isBlank()) {
            return "";
        }
        String[] parts = Arrays.copyOf(pn.split("=", -1)[0].split("\\^", -1), 5);
        String xpn = component(parts[0], parts[1], parts[2], parts[4], parts[3]);
        return xpn.replaceAll("\\^+$", "");
    }

    private static String sex(String sex) {
        return sex != null && List.of("M", "F", "O").contains(sex.trim()) ? sex.trim() : "U";
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
