package org.medbroker.connectors.dicom.dimse;

/** A command set this layer cannot accept; answered with A-ABORT, as no response can be addressed. */
public final class DimseException extends Exception {
    public DimseException(String message) {
        super(message);
    }
}
