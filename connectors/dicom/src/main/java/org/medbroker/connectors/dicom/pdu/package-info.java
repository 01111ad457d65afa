/**
 * PS3.8 section 9.3 upper-layer PDUs as records, with a Netty decoder that turns bad input into a
 * {@link org.medbroker.connectors.dicom.pdu.MalformedPdu} event and an encoder; no state, no DIMSE.
 */
package org.medbroker.connectors.dicom.pdu;
