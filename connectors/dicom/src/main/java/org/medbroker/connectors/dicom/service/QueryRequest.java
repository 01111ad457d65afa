package org.medbroker.connectors.dicom.service;

import org.medbroker.connectors.dicom.data.Attributes;

/**
 * A C-FIND as the {@link QueryProvider} sees it.
 *
 * @param informationModel the SOP class: Patient Root, Study Root or Modality Worklist FIND
 * @param level PATIENT, STUDY, SERIES or IMAGE; {@link #WORKLIST} for Modality Worklist
 * @param identifier the matching and return keys, as received
 */
public record QueryRequest(String informationModel, String level, Attributes identifier, String callingAeTitle) {
    public static final String WORKLIST = "WORKLIST";
}
