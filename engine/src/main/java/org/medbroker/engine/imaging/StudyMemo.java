package org.medbroker.engine.imaging;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;

/**
 * What one listener last wrote to the index for each of its recent studies: the study and patient
 * attributes (without series), the patient the study was linked to, each series' attributes, and
 * the {@code updated_at} it stamped on the study row. The next object of the study with the same
 * attributes then only needs its instance row, provided the study row still carries that stamp:
 * every write of a study or its series stamps the row anew, so another listener, association or
 * process having touched the study since (or a crash losing this memo) shows as a different stamp.
 *
 * <p>Bounded: the least recently used study is forgotten beyond {@code maxStudies}. Thread-safe.
 */
final class StudyMemo {

    /** One study as last written; {@code study} has no series, {@code series} none of their instances. */
    record Written(DicomStudy study, String patientRef, Map<String, DicomSeries> series, Instant updatedAt) {

        boolean hasSeries(DicomSeries s) {
            return s.equals(series.get(s.seriesInstanceUid()));
        }

        Written with(DicomSeries s, Instant stamp) {
            if (hasSeries(s)) {
                return new Written(study, patientRef, series, stamp);
            }
            Map<String, DicomSeries> more = new HashMap<>(series);
            more.put(s.seriesInstanceUid(), s);
            return new Written(study, patientRef, Map.copyOf(more), stamp);
        }
    }

    private final Map<String, Written> studies;

    StudyMemo(int maxStudies) {
        if (maxStudies < 0) {
            throw new IllegalArgumentException("maxStudies < 0: " + maxStudies);
        }
        this.studies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
                return size() > maxStudies;
            }
        };
    }

    /** The study as last written here, if its attributes (patient included) are still {@code study}'s. */
    synchronized Written lookup(DicomStudy study) {
        Written written = studies.get(study.studyInstanceUid());
        return written != null && written.study().equals(study) ? written : null;
    }

    synchronized void remember(Written written) {
        studies.put(written.study().studyInstanceUid(), written);
    }

    synchronized void forget(String studyUid) {
        studies.remove(studyUid);
    }

    synchronized int size() {
        return studies.size();
    }

    /** {@code study} without its series: the key the memo compares. */
    static DicomStudy studyOnly(DicomStudy study) {
        return new DicomStudy(study.studyInstanceUid(), study.accessionNumber(), study.accessionIssuer(), study.studyId(),
                study.studyDate(), study.studyTime(), study.description(), study.referringPhysician(), study.patient(),
                java.util.List.of());
    }

    /** {@code series} without its instances. */
    static DicomSeries seriesOnly(DicomSeries s) {
        return new DicomSeries(s.seriesInstanceUid(), s.modality(), s.seriesNumber(), s.description(),
                s.bodyPartExamined(), s.seriesDate(), s.seriesTime(), java.util.List.of());
    }
}
