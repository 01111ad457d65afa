package org.medbroker.connectors.dicom.service;

import java.io.IOException;
import java.util.List;

/**
 * Finds the objects a C-GET or C-MOVE asks for (Patient Root or Study Root, at PATIENT, STUDY,
 * SERIES or IMAGE level); implemented by the engine over its index, called on a worker thread. The
 * whole list is asked for first, since every response counts the remaining sub-operations.
 */
@FunctionalInterface
public interface RetrieveProvider {

    List<RetrievableObject> find(QueryRequest request) throws IOException;
}
