package org.medbroker.connectors.dicom.pdu;

/** A PDU that breaks PS3.8 9.3; never leaves {@link PduDecoder}, which turns it into a {@link MalformedPdu}. */
final class PduFormatException extends Exception {

    private final int abortReason;

    PduFormatException(int abortReason, String detail) {
        super(detail, null, false, false);
        this.abortReason = abortReason;
    }

    int abortReason() {
        return abortReason;
    }
}
