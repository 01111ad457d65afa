package org.medbroker.connectors.hl7.message;

/**
 * What goes into the ERR segment: where (segment id, its repetition, field; 0 when unknown), the
 * HL7 error code from table 0357 (e.g. 101 required field missing, 102 data type error, 200
 * unsupported message type, 207 application internal error) and a text for a person.
 */
public record AckError(String segment, int sequence, int field, String hl7ErrorCode, String text) {

    public static AckError general(String hl7ErrorCode, String text) {
        return new AckError("", 0, 0, hl7ErrorCode, text);
    }

    /** The table 0357 description for the code, written into ERR-3.2. */
    public String codeText() {
        return switch (hl7ErrorCode) {
            case "0" -> "Message accepted";
            case "100" -> "Segment sequence error";
            case "101" -> "Required field missing";
            case "102" -> "Data type error";
            case "103" -> "Table value not found";
            case "200" -> "Unsupported message type";
            case "201" -> "Unsupported event code";
            case "202" -> "Unsupported processing id";
            case "203" -> "Unsupported version id";
            case "204" -> "Unknown key identifier";
            case "205" -> "Duplicate key identifier";
            case "206" -> "Application record locked";
            default -> "Application internal error";
        };
    }
}
