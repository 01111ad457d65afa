package org.medbroker.engine.outbound;

import java.time.Instant;
import java.util.List;

/**
 * A published study version as the {@code study_event} table keeps it: what an MIS announcement, a
 * JSON event or a PACS forward needs, frozen at publication.
 *
 * @param id         the event id, 2^62 + its running number (never a journal sequence number)
 * @param modalities the study's modalities, in series order
 */
record StudyEvent(long id, String studyInstanceUid, String imagingStudyId, String resourceVersion, List<String> listeners,
        List<String> modalities, String patientRef, String patientId, String issuerOfPatientId, String patientName,
        String patientBirthDate, String patientSex, String accessionNumber, String studyDate, String studyTime,
        String studyDescription, int series, int instances, Instant createdAt) {

    /** Study event ids are above 2^62, far above any journal sequence number. */
    static final long ID_BASE = 1L << 62;

    /** The event's running number from 1, for control ids: {@code id - 2^62}. */
    long number() {
        return id - ID_BASE;
    }
}
