package org.medbroker.connectors.dicom.pdu;

/**
 * What {@link PduDecoder} emits instead of throwing: a PDU it could not accept (PS3.8 Evt19,
 * "unrecognized or invalid PDU"). Its bytes are skipped up to the next PDU boundary.
 *
 * @param type the PDU type byte as received
 * @param length the PDU length field as received
 * @param oversized whether the length exceeded the decoder's limit (the content was not looked at)
 * @param abortReason the A-ABORT reason (service-provider source) that answers it
 * @param detail what was wrong, for the log; never contains the PDU's content
 */
public record MalformedPdu(int type, long length, boolean oversized, int abortReason, String detail) {}
