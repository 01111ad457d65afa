package org.medbroker.connectors.dicom.pdu;

/** A-RELEASE-RP (PS3.8 9.3.7): a fixed four reserved bytes. */
public record ReleaseRp() implements Pdu {
    public static final ReleaseRp INSTANCE = new ReleaseRp();
}
