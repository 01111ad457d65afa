package org.medbroker.mappings.hl7v2;

/**
 * A message that parsed but cannot be mapped. The engine answers it with an application error (AE) whose ERR
 * segment is built from {@link #segment()}, {@link #sequence()}, {@link #field()} and {@link #hl7ErrorCode()}.
 *
 * <p>The message starts with a stable code ({@code MB-01xx}) and says what the sender must fix. It never carries
 * patient data: no names, identifiers or values, only segment and field positions.
 *
 * <p>Codes: MB-0101 segment missing, MB-0102 required field empty, MB-0103 value is not a number,
 * MB-0104 timestamp malformed, MB-0105 code not in its HL7 table, MB-0106 value repeats where one is expected,
 * MB-0107 segment out of order, MB-0108 encapsulated data malformed, MB-0109 message shape not supported,
 * MB-0110 message type not supported, MB-0199 internal error.
 */
public class MappingException extends Exception {
  private static final long serialVersionUID = 1L;

  /** HL7 table 0357: segment sequence error. */
  public static final String SEGMENT_SEQUENCE_ERROR = "100";
  /** HL7 table 0357: required field missing. */
  public static final String REQUIRED_FIELD_MISSING = "101";
  /** HL7 table 0357: data type error. */
  public static final String DATA_TYPE_ERROR = "102";
  /** HL7 table 0357: table value not found. */
  public static final String TABLE_VALUE_NOT_FOUND = "103";
  /** HL7 table 0357: unsupported message type. */
  public static final String UNSUPPORTED_MESSAGE_TYPE = "200";
  /** HL7 table 0357: application internal error. */
  public static final String APPLICATION_INTERNAL_ERROR = "207";

  private final String segment;
  private final int sequence;
  private final int field;
  private final String hl7ErrorCode;

  /**
   * @param segment      segment id, e.g. {@code "OBX"}
   * @param sequence     which occurrence of that segment in the message, 1-based
   * @param field        field number, or 0 when the whole segment is meant (missing or out of place)
   * @param hl7ErrorCode HL7 table 0357 code
   * @param message      {@code "MB-01xx: ..."}, without patient data
   */
  public MappingException(String segment, int sequence, int field, String hl7ErrorCode, String message) {
    super(message);
    this.segment = segment;
    this.sequence = sequence;
    this.field = field;
    this.hl7ErrorCode = hl7ErrorCode;
  }

  /** Segment id, e.g. {@code "OBX"}. */
  public String segment() {
    return segment;
  }

  /** Occurrence of the segment in the message, 1-based (ERR-2 segment sequence). */
  public int sequence() {
    return sequence;
  }

  /** Field number, e.g. 5; 0 when the error concerns the whole segment. */
  public int field() {
    return field;
  }

  /** HL7 table 0357 error code: "100", "101", "102", "103", "200" or "207". */
  public String hl7ErrorCode() {
    return hl7ErrorCode;
  }
}
