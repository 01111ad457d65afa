package org.medbroker.connectors.dicom.io;

import java.io.IOException;

/**
 * A data set that cannot be decoded: malformed, truncated, or over a configured limit. The message
 * starts with a stable code ({@code MB-085x}) and never contains attribute values.
 */
public class DicomStreamException extends IOException {

    private static final long serialVersionUID = 1L;

    public DicomStreamException(String message) {
        super(message);
    }
}
