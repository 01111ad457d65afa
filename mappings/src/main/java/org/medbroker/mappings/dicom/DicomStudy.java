package org.medbroker.mappings.dicom;

import java.util.List;

/**
 * One study as the broker holds it: (0020,000D), (0008,0050) with its issuer (0008,0051), (0020,0010), (0008,0020),
 * (0008,0030), (0008,1030), (0008,0090), the patient, and the series stored so far.
 */
public record DicomStudy(String studyInstanceUid, String accessionNumber, String accessionIssuer, String studyId,
    String studyDate, String studyTime, String description, String referringPhysician, DicomPatient patient,
    List<DicomSeries> series) {

  public DicomStudy {
    series = List.copyOf(series);
  }
}
