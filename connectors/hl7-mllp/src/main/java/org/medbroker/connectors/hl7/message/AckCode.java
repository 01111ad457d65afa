package org.medbroker.connectors.hl7.message;

/** MSA-1 acknowledgment codes, original mode (HL7 table 0008). */
public enum AckCode {
    /** Application Accept: stored and processed. */
    AA,
    /** Application Error: understood but failed validation or mapping; kept for a human. */
    AE,
    /** Application Reject: could not be parsed, or the message type is not supported. */
    AR
}
