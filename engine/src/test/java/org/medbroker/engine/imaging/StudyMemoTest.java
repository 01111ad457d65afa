package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;

class StudyMemoTest {

    private static DicomStudy study(String uid, String patientName) {
        return new DicomStudy(uid, "A1", null, "1", "20261201", "101500", "CT head", null,
                new DicomPatient("P1", "CLINIC", null, null, patientName, "19800101", "F"), List.of());
    }

    private static StudyMemo.Written written(DicomStudy study) {
        return new StudyMemo.Written(study, "patient-1", Map.of(), Instant.EPOCH);
    }

    @Test
    void findsAStudyOnlyWhileEveryStudyAndPatientAttributeIsTheSame() {
        StudyMemo memo = new StudyMemo(8);
        memo.remember(written(study("1.2.1", "Doe^Jane")));
        assertThat(memo.lookup(study("1.2.1", "Doe^Jane"))).isNotNull();
        assertThat(memo.lookup(study("1.2.1", "Doe^Janet"))).isNull();
        assertThat(memo.lookup(study("1.2.2", "Doe^Jane"))).isNull();
        memo.forget("1.2.1");
        assertThat(memo.lookup(study("1.2.1", "Doe^Jane"))).isNull();
    }

    @Test
    void forgetsTheLeastRecentlyUsedStudyBeyondItsBound() {
        StudyMemo memo = new StudyMemo(2);
        memo.remember(written(study("1.2.1", "A")));
        memo.remember(written(study("1.2.2", "B")));
        memo.lookup(study("1.2.1", "A"));
        memo.remember(written(study("1.2.3", "C")));
        assertThat(memo.size()).isEqualTo(2);
        assertThat(memo.lookup(study("1.2.1", "A"))).isNotNull();
        assertThat(memo.lookup(study("1.2.2", "B"))).isNull();
        assertThat(new StudyMemo(0).size()).isZero();
    }

    @Test
    void knowsASeriesOnlyWithTheAttributesWrittenForIt() {
        DicomSeries series = new DicomSeries("1.2.1.1", "CT", 1, "axial", "HEAD", null, null, List.of());
        StudyMemo.Written w = written(study("1.2.1", "A")).with(series, Instant.EPOCH.plusSeconds(1));
        assertThat(w.hasSeries(series)).isTrue();
        assertThat(w.hasSeries(new DicomSeries("1.2.1.1", "CT", 2, "axial", "HEAD", null, null, List.of()))).isFalse();
        assertThat(w.updatedAt()).isEqualTo(Instant.EPOCH.plusSeconds(1));
    }
}
