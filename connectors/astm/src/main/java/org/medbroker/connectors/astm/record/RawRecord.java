package org.medbroker.connectors.astm.record;

import java.util.List;

/**
 * One E1394 record split into fields (LIS2-A2 clause 7.1). Fields are numbered as in the standard:
 * {@code field(1)} is the record type, {@code field(2)} the sequence number (for H, the delimiter
 * definition), so {@code R.4} is {@code field(4)}.
 *
 * @param number position of the record in the message, from 1 (for error reports)
 * @param type the record type letter
 * @param fields all fields, the type first
 */
public record RawRecord(int number, char type, List<Field> fields) {

    public RawRecord {
        fields = List.copyOf(fields);
    }

    /** Field {@code n} counted from 1 as in the standard ({@code R.4} is 4); {@link Field#EMPTY} when absent. */
    public Field field(int n) {
        return n >= 1 && n <= fields.size() ? fields.get(n - 1) : Field.EMPTY;
    }

    @Override
    public String toString() {
        return "RawRecord[number=" + number + ", type=" + type + ", fields=" + fields.size() + "]";
    }
}
