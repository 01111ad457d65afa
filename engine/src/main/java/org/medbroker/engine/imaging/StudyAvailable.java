package org.medbroker.engine.imaging;

/** A study's ImagingStudy was written: the event routes and notifications start from. */
public record StudyAvailable(String studyInstanceUid, String imagingStudyId, String patientId, int series, int instances) {}
