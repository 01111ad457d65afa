package org.medbroker.connectors.dicom.pdu;

/** A-RELEASE-RQ (PS3.8 9.3.6): a fixed four reserved bytes. */
public record ReleaseRq() implements Pdu {
    public static final ReleaseRq INSTANCE = new ReleaseRq();
}
