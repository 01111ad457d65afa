package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ORU^R01 announcing a study: every field where the standard puts it, escapes, and the patient without an id. */
class StudyAnnouncementTest {

    private static StudyEvent event(String patientId, String name, String description) {
        return new StudyEvent(StudyEvent.ID_BASE + 7, "1.2.826.0.1.3680043.8.498.95.1", "img-95", "3", List.of("imaging"),
                List.of("CT", "SR"), "pat-95", patientId, "CLINIC", name, "19800215", "M", "ACC-95", "20261130", "093000",
                description, 2, 40, Instant.parse("2026-11-30T10:15:00Z"));
    }

    @Test
    void announcesTheStudyInAnOruR01() {
        String oru = new String(StudyAnnouncement.encode(event("MRN-95", "Иванов^Иван^Петрович", "CT chest"), "MS7.X1Y2",
                "MEDBROKER", "CLINIC-7", "MIS", "HOSP"), StandardCharsets.UTF_8);
        assertThat(oru.split("\r")).containsExactly(
                "MSH|^~\\&|MEDBROKER|CLINIC-7|MIS|HOSP|20261130101500+0000||ORU^R01^ORU_R01|MS7.X1Y2|P|2.5.1||||||UNICODE UTF-8",
                "PID|1||MRN-95^^^CLINIC^MR||Иванов^Иван^Петрович||19800215|M",
                "OBR|1||ACC-95|CT^CT chest^DCM|||20261130093000|||||||||||ACC-95||||||CT|R",
                "OBX|1|ST|110180^Study Instance UID^DCM||1.2.826.0.1.3680043.8.498.95.1||||||F|||20261130093000",
                "OBX|2|RP|ImagingStudy^FHIR ImagingStudy^L||ImagingStudy/img-95^MEDBROKER^AP^FHIR||||||F");
        assertThat(oru).endsWith("\r");
        String msh = oru.substring(0, oru.indexOf('\r'));
        assertThat(msh.split("\\|", -1)[17]).as("MSH-18").isEqualTo("UNICODE UTF-8");
        String obr = oru.split("\r")[2];
        assertThat(obr.split("\\|", -1)[18]).as("OBR-18").isEqualTo("ACC-95");
        assertThat(obr.split("\\|", -1)[24]).as("OBR-24").isEqualTo("CT");
    }

    @Test
    void escapesDelimitersAndNamesAPatientWithoutIdByItsFhirId() {
        String oru = new String(StudyAnnouncement.encode(event(null, "O'Neil^Ann=オニール^アン", "Head|neck & C^T"),
                "MS7.X1Y2", "MEDBROKER", "MEDBROKER", "", ""), StandardCharsets.UTF_8);
        assertThat(oru).contains("\rPID|1||pat-95^^^MEDBROKER^PI||O'Neil^Ann||19800215|M\r");
        assertThat(oru).contains("|CT^Head\\F\\neck \\T\\ C\\S\\T^DCM|");
    }

    @Test
    void convertsDicomPersonNameComponentOrderToXpn() {
        assertThat(StudyAnnouncement.personName("Doe^John^Q^Dr^Jr")).isEqualTo("Doe^John^Q^Jr^Dr");
        assertThat(StudyAnnouncement.personName("Doe")).isEqualTo("Doe");
        assertThat(StudyAnnouncement.personName(null)).isEmpty();
    }
}
