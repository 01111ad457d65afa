package org.medbroker.mappings.dicom;

/** One stored SOP instance: (0008,0018), (0008,0016), (0020,0013) and (0028,0008) when present. */
public record DicomInstance(String sopInstanceUid, String sopClassUid, Integer instanceNumber, Integer frames) {
}
