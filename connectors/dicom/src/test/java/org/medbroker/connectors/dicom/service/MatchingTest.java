package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.PersonName;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

class MatchingTest {

    static final int SCHEDULED_PROCEDURE_STEP_SEQUENCE = Tag.of(0x0040, 0x0100);
    static final int SCHEDULED_STATION_AE_TITLE = Tag.of(0x0040, 0x0001);
    static final int SCHEDULED_PROCEDURE_STEP_START_DATE = Tag.of(0x0040, 0x0002);

    private final Attributes study = new Attributes();

    MatchingTest() {
        study.setPersonName(Tag.PatientName, PersonName.parse("Smith^John"));
        study.setString(Tag.PatientID, VR.LO, "PID1");
        study.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        study.setString(Tag.StudyDate, VR.DA, "20240115");
        study.setString(Tag.StudyTime, VR.TM, "101530");
        study.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "MR");
    }

    private static Attributes query() {
        return new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
    }

    @Test
    void universalMatchingOnEmptyKeys() {
        Attributes q = query().setNull(Tag.PatientName, VR.PN).setNull(Tag.AccessionNumber, VR.SH);
        assertThat(Matching.matches(q, study)).isTrue();
    }

    @Test
    void singleValueMatching() {
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "PID1"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "PID2"), study)).isFalse();
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "pid1"), study)).isFalse();
        assertThat(Matching.matches(query().setString(Tag.ModalitiesInStudy, VR.CS, "MR"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.AccessionNumber, VR.SH, "A1"), study))
                .as("a key the entity lacks").isFalse();
    }

    @Test
    void wildcardMatchingAndPersonNamesIgnoreCase() {
        assertThat(Matching.matches(query().setString(Tag.PatientName, VR.PN, "Smi*"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.PatientName, VR.PN, "smith^j?hn"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.PatientName, VR.PN, "Jo*"), study)).isFalse();
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "P?D*"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "*"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.PatientID, VR.LO, "P.D1"), study))
                .as("regex characters are literal").isFalse();
    }

    @Test
    void rangeMatchingOnDatesAndTimes() {
        assertThat(Matching.matches(query().setString(Tag.StudyDate, VR.DA, "20240101-20240131"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.StudyDate, VR.DA, "20240116-"), study)).isFalse();
        assertThat(Matching.matches(query().setString(Tag.StudyDate, VR.DA, "-20240115"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.StudyTime, VR.TM, "10-11"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.StudyTime, VR.TM, "1016-"), study)).isFalse();
        assertThat(Matching.matches(query().setString(Tag.StudyTime, VR.TM, "1015"), study)).isFalse();
    }

    @Test
    void listOfUidMatching() {
        assertThat(Matching.matches(query().setString(Tag.StudyInstanceUID, VR.UI, "1.2.9", "1.2.3"), study)).isTrue();
        assertThat(Matching.matches(query().setString(Tag.StudyInstanceUID, VR.UI, "1.2.9", "1.2.4"), study)).isFalse();
    }

    @Test
    void returnsEveryKeyAndOnlyTheKeys() {
        Attributes q = query().setNull(Tag.PatientName, VR.PN).setString(Tag.PatientID, VR.LO, "PID1")
                .setNull(Tag.AccessionNumber, VR.SH);
        Attributes r = Matching.returnKeys(q, study);
        assertThat(r.getString(Tag.PatientName)).isEqualTo("Smith^John");
        assertThat(r.getString(Tag.PatientID)).isEqualTo("PID1");
        assertThat(r.contains(Tag.AccessionNumber)).isTrue();
        assertThat(r.getString(Tag.AccessionNumber)).isNull();
        assertThat(r.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(r.contains(Tag.StudyInstanceUID)).isFalse();
    }

    @Test
    void sequenceMatchingForWorklists() {
        Attributes item = new Attributes();
        Attributes step = new Attributes();
        step.setString(Tag.PatientID, VR.LO, "PID1");
        Attributes sps = step.newSequence(SCHEDULED_PROCEDURE_STEP_SEQUENCE).addItem();
        sps.setString(SCHEDULED_STATION_AE_TITLE, VR.AE, "CT1");
        sps.setString(SCHEDULED_PROCEDURE_STEP_START_DATE, VR.DA, "20240115");
        sps.setString(Tag.Modality, VR.CS, "CT");

        Attributes q = new Attributes();
        Attributes qi = q.newSequence(SCHEDULED_PROCEDURE_STEP_SEQUENCE).addItem();
        qi.setString(SCHEDULED_STATION_AE_TITLE, VR.AE, "CT1");
        qi.setString(SCHEDULED_PROCEDURE_STEP_START_DATE, VR.DA, "20240101-20240131");
        qi.setNull(Tag.Modality, VR.CS);
        assertThat(Matching.matches(q, step)).isTrue();
        Attributes r = Matching.returnKeys(q, step);
        Attributes returned = r.getSequence(SCHEDULED_PROCEDURE_STEP_SEQUENCE).get(0);
        assertThat(returned.getString(Tag.Modality)).isEqualTo("CT");

        qi.setString(SCHEDULED_STATION_AE_TITLE, VR.AE, "MR1");
        assertThat(Matching.matches(q, step)).isFalse();
        assertThat(Matching.matches(q, item)).isFalse();
    }
}
