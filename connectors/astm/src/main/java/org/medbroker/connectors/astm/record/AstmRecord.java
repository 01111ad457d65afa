package org.medbroker.connectors.astm.record;

import java.util.List;

/**
 * The record types of ASTM E1394-97 / CLSI LIS2-A2 clauses 7 to 15 with their key fields; everything
 * else stays reachable through {@link #raw()}. Values are as received (not trimmed), escape sequences
 * decoded. {@code toString} never shows field content.
 */
public sealed interface AstmRecord {

    RawRecord raw();

    /** Sequence number (field 2), 0 when empty; the header has none. */
    int sequence();

    /** H, clause 7: delimiters (H.2), sender (H.5), processing ID (H.12), version (H.13), time (H.14). */
    record Header(Delimiters delimiters, Field sender, String processingId, String version, String timestamp,
                  RawRecord raw) implements AstmRecord {
        static Header from(RawRecord r, Delimiters d) {
            return new Header(d, r.field(5), r.field(12).first(), r.field(13).first(), r.field(14).first(), r);
        }

        @Override
        public int sequence() {
            return 0;
        }

        @Override
        public String toString() {
            return "Header[fields=" + raw.fields().size() + "]";
        }
    }

    /** Patient name (P.6): last ^ first ^ middle ^ suffix ^ title. */
    record PatientName(String last, String first, String middle, String suffix, String title) {
        static PatientName from(Field f) {
            return new PatientName(f.component(0), f.component(1), f.component(2), f.component(3), f.component(4));
        }

        @Override
        public String toString() {
            return "PatientName[hidden]";
        }
    }

    /**
     * P, clause 8: practice assigned patient ID (P.3), laboratory assigned (P.4), patient ID No. 3
     * (P.5), name (P.6), birth date (P.8), sex (P.9).
     */
    record Patient(int sequence, String practicePatientId, String laboratoryPatientId, String patientId3,
                   PatientName name, String birthDate, String sex, RawRecord raw) implements AstmRecord {
        static Patient from(RawRecord r, int seq) {
            return new Patient(seq, r.field(3).first(), r.field(4).first(), r.field(5).first(),
                    PatientName.from(r.field(6)), r.field(8).first(), r.field(9).first(), r);
        }

        @Override
        public String toString() {
            return "Patient[sequence=" + sequence + "]";
        }
    }

    /**
     * O, clause 9: specimen ID (O.3), instrument specimen ID (O.4), universal test IDs (O.5, repeated),
     * priority (O.6), action code (O.12), report type (O.26).
     */
    record Order(int sequence, Field specimenId, Field instrumentSpecimenId, List<UniversalTestId> tests,
                 String priority, String actionCode, String reportType, RawRecord raw) implements AstmRecord {
        public Order {
            tests = List.copyOf(tests);
        }

        static Order from(RawRecord r, int seq) {
            return new Order(seq, r.field(3), r.field(4), UniversalTestId.all(r.field(5)), r.field(6).first(),
                    r.field(12).first(), r.field(26).first(), r);
        }

        @Override
        public String toString() {
            return "Order[sequence=" + sequence + ", tests=" + tests.size() + "]";
        }
    }

    /**
     * R, clause 10: universal test ID (R.3), value (R.4), units (R.5), reference ranges (R.6), abnormal
     * flags (R.7), result status (R.9), date and time test completed (R.13), instrument ID (R.14).
     */
    record Result(int sequence, UniversalTestId test, String value, String units, String referenceRange,
                  String abnormalFlags, String status, String completedAt, String instrumentId, RawRecord raw)
            implements AstmRecord {
        static Result from(RawRecord r, int seq) {
            return new Result(seq, new UniversalTestId(r.field(3).repeats().get(0)), r.field(4).first(),
                    r.field(5).first(), r.field(6).first(), r.field(7).first(), r.field(9).first(),
                    r.field(13).first(), r.field(14).first(), r);
        }

        @Override
        public String toString() {
            return "Result[sequence=" + sequence + "]";
        }
    }

    /** C, clause 11: comment source (C.3), text (C.4, components kept), type (C.5). */
    record Comment(int sequence, String source, Field text, String type, RawRecord raw) implements AstmRecord {
        static Comment from(RawRecord r, int seq) {
            return new Comment(seq, r.field(3).first(), r.field(4), r.field(5).first(), r);
        }

        @Override
        public String toString() {
            return "Comment[sequence=" + sequence + "]";
        }
    }

    /**
     * Q, clause 12: starting range ID (Q.3), ending range ID (Q.4), universal test IDs (Q.5), request
     * information status codes (Q.13).
     */
    record Query(int sequence, Field startingRange, Field endingRange, List<UniversalTestId> tests,
                 String statusCode, RawRecord raw) implements AstmRecord {
        public Query {
            tests = List.copyOf(tests);
        }

        static Query from(RawRecord r, int seq) {
            return new Query(seq, r.field(3), r.field(4), UniversalTestId.all(r.field(5)), r.field(13).first(), r);
        }

        @Override
        public String toString() {
            return "Query[sequence=" + sequence + "]";
        }
    }

    /** M, clause 15: manufacturer information; the layout is the device's, see {@link #raw()}. */
    record Manufacturer(int sequence, RawRecord raw) implements AstmRecord {
        @Override
        public String toString() {
            return "Manufacturer[sequence=" + sequence + "]";
        }
    }

    /** S, clause 14: scientific record; kept raw. */
    record Scientific(int sequence, RawRecord raw) implements AstmRecord {
        @Override
        public String toString() {
            return "Scientific[sequence=" + sequence + "]";
        }
    }

    /** L, clause 13: termination code (L.3): N normal, T sender aborted, R receiver abort, E error, Q, I, F. */
    record Terminator(int sequence, String code, RawRecord raw) implements AstmRecord {
        @Override
        public String toString() {
            return "Terminator[sequence=" + sequence + ", code=" + code + "]";
        }
    }
}
