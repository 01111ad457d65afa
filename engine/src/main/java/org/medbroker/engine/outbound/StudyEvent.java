package org.medbroker.engine.outbound;

import java.time.Instant;
import java.util.List;

/**
 * A published study version as the {@code study_event} table keeps it: what an MIS announcement, a
 * JSON event or a PACS forward needs, frozen at publication.
 *
 * @param id         the event id, from 2^62 up (never a journal sequence number)
 * @param number     the event's own running number, {@code id - 2^62}, for control ids and file names
 * @param modalities the study's modalities, in series order
 */
record StudyEvent(long id, String studyInstanceUid, String imagingStudyId, String resourceVersion, List<String> listeners,
        List<String> modalities, String patientRef, String patientId, String issuerOfPatientId, String patientName,
        String patientBirthDate, String patientSex, String accessionNumber, String studyDate, String studyTime,
        String studyDescription, int series, int instances, Instant createdAt) {

    /** The first study event id: 2^62, far above any journal sequence number. */
    static final long FIRST_ID = 1L << 62;

    long number() {
        return id - FIRST_ID;
    }
}
