package org.medbroker.connectors.astm.record;

/**
 * Why a message could not be parsed, pointing at the record (counted from 1) and field (e.g. "H.2")
 * without any of their content: safe to log and to put in an exception.
 */
public record ParseError(Code code, int recordNumber, char recordType, String field) {

    public enum Code {
        EMPTY_MESSAGE("MB-0701", "message has no records; check the framing mode and the character set"),
        MISSING_HEADER("MB-0702", "the first record is not an H record; the sender must start with H"),
        INVALID_DELIMITERS("MB-0703", "H.2 does not declare four distinct delimiters"),
        UNKNOWN_RECORD_TYPE("MB-0704", "record type is not one of H P O R C Q M S L"),
        INVALID_SEQUENCE_NUMBER("MB-0705", "sequence number is not a number"),
        OUT_OF_ORDER("MB-0706", "record is not allowed here by the E1394 hierarchy (O needs P, R needs O)"),
        MISSING_TERMINATOR("MB-0707", "message ends without an L record; the transfer was probably cut"),
        RECORD_AFTER_TERMINATOR("MB-0708", "records follow the L record"),
        TOO_MANY_RECORDS("MB-0709", "message has more records than the configured maximum");

        private final String id;
        private final String text;

        Code(String id, String text) {
            this.id = id;
            this.text = text;
        }

        public String id() {
            return id;
        }
    }

    /** {@code MB-0706: record 4 (R), field R.1: ...} */
    public String message() {
        StringBuilder sb = new StringBuilder(code.id).append(": ");
        if (recordNumber > 0) {
            sb.append("record ").append(recordNumber).append(" (").append(recordType).append(')');
            if (field != null) {
                sb.append(", field ").append(field);
            }
            sb.append(": ");
        }
        return sb.append(code.text).toString();
    }
}
