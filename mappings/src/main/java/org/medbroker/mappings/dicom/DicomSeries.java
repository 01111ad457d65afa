package org.medbroker.mappings.dicom;

import java.util.List;

/**
 * One series: (0020,000E), (0008,0060), (0020,0011), (0008,103E), (0018,0015), (0008,0021) and (0008,0031), with
 * the instances stored so far.
 */
public record DicomSeries(String seriesInstanceUid, String modality, Integer seriesNumber, String description,
    String bodyPartExamined, String seriesDate, String seriesTime, List<DicomInstance> instances) {

  public DicomSeries {
    instances = List.copyOf(instances);
  }
}
