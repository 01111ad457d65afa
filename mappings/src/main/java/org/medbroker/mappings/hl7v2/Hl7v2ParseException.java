package org.medbroker.mappings.hl7v2;

/**
 * ER7 text that cannot be parsed as an HL7 v2 message; the engine answers AR. The message starts with a stable
 * code ({@code MB-015x}) and never quotes the payload: HAPI's own exception text may contain message content, so it
 * is neither copied nor kept as the cause.
 */
public final class Hl7v2ParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hl7ErrorCode;

  public Hl7v2ParseException(String hl7ErrorCode, String message) {
    super(message);
    this.hl7ErrorCode = hl7ErrorCode;
  }

  /** HL7 table 0357 code for the ERR segment of the AR, e.g. "100" or "203". */
  public String hl7ErrorCode() {
    return hl7ErrorCode;
  }
}
