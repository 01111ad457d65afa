package org.medbroker.mappings.hl7v2;

/**
 * The message type (MSH-9) is not one the mapper handles; the engine answers AR with HL7 table 0357 code 200.
 * Carries MSH-9 as its location; the type itself is in {@link #messageType()} (it is not patient data).
 */
public final class UnsupportedMessageTypeException extends MappingException {
  private static final long serialVersionUID = 1L;

  private final String messageType;

  public UnsupportedMessageTypeException(String messageType) {
    super("MSH", 1, 9, UNSUPPORTED_MESSAGE_TYPE,
        "MB-0110: message type " + messageType + " is not supported; send ORU^R01, ORM^O01, OML^O21"
            + " or ADT^A01/A04/A08/A28/A31/A40");
    this.messageType = messageType;
  }

  /** MSH-9.1^MSH-9.2 as received, e.g. {@code "OUL^R22"}. */
  public String messageType() {
    return messageType;
  }
}
