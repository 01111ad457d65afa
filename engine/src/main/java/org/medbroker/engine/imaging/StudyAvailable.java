package org.medbroker.engine.imaging;

/**
 * A study's ImagingStudy was written as a new version: the event routes start from.
 *
 * @param version the ImagingStudy's version id; one event per version
 */
public record StudyAvailable(String studyInstanceUid, String imagingStudyId, long version, String patientId, int series,
        int instances) {}
