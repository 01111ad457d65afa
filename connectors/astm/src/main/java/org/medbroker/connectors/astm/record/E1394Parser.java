package org.medbroker.connectors.astm.record;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.medbroker.connectors.astm.record.AstmMessage.OrderGroup;
import org.medbroker.connectors.astm.record.AstmMessage.PatientGroup;
import org.medbroker.connectors.astm.record.AstmMessage.ResultGroup;
import org.medbroker.connectors.astm.record.AstmRecord.Comment;
import org.medbroker.connectors.astm.record.AstmRecord.Header;
import org.medbroker.connectors.astm.record.AstmRecord.Manufacturer;
import org.medbroker.connectors.astm.record.AstmRecord.Order;
import org.medbroker.connectors.astm.record.AstmRecord.Patient;
import org.medbroker.connectors.astm.record.AstmRecord.Query;
import org.medbroker.connectors.astm.record.AstmRecord.Result;
import org.medbroker.connectors.astm.record.AstmRecord.Scientific;
import org.medbroker.connectors.astm.record.AstmRecord.Terminator;

/**
 * Parses the text of one E1394 message (LIS2-A2 clauses 5 to 7: records ended by CR, fields split by the
 * delimiters the H record declares) into an {@link AstmMessage}. LF and CR LF are accepted as record ends
 * too, and empty lines are skipped. The bytes are decoded with the device's character set (E1394 leaves
 * it open: ISO-8859-1 by default; Windows-1251 or UTF-8 for Cyrillic). Malformed input gives a
 * {@link ParseResult.Failed} naming record and field, never content; stateless and thread-safe.
 */
public final class E1394Parser {

    private final Charset charset;
    private final int maxRecords;

    /**
     * @param charset how the device encodes text
     * @param maxRecords most records accepted in one message
     */
    public E1394Parser(Charset charset, int maxRecords) {
        this.charset = charset;
        this.maxRecords = maxRecords;
    }

    /** ISO-8859-1, at most 10 000 records. */
    public E1394Parser() {
        this(StandardCharsets.ISO_8859_1, 10_000);
    }

    public Charset charset() {
        return charset;
    }

    public ParseResult parse(byte[] message) {
        return parse(new String(message, charset));
    }

    public ParseResult parse(String message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\r\n|\r|\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            return fail(ParseError.Code.EMPTY_MESSAGE, 0, ' ', null);
        }
        if (lines.size() > maxRecords) {
            return fail(ParseError.Code.TOO_MANY_RECORDS, maxRecords + 1, lines.get(maxRecords).charAt(0), null);
        }
        String first = lines.get(0);
        if (first.charAt(0) != 'H') {
            return fail(ParseError.Code.MISSING_HEADER, 1, first.charAt(0), null);
        }
        Delimiters d = Delimiters.fromHeader(first).orElse(null);
        if (d == null) {
            return fail(ParseError.Code.INVALID_DELIMITERS, 1, 'H', "H.2");
        }
        return new Builder(d).build(lines);
    }

    /** Splits one record line into fields; for H, field 2 is the delimiter definition itself. */
    static RawRecord split(int number, String line, Delimiters d) {
        char type = line.charAt(0);
        List<Field> fields = new ArrayList<>();
        if (type == 'H') {
            fields.add(Field.of("H"));
            fields.add(Field.of(d.definition()));
            if (line.length() > 6) {
                for (String raw : Field.split(line.substring(6), d.field())) {
                    fields.add(Field.parse(raw, d));
                }
            }
        } else {
            for (String raw : Field.split(line, d.field())) {
                fields.add(Field.parse(raw, d));
            }
        }
        return new RawRecord(number, type, fields);
    }

    private static ParseResult fail(ParseError.Code code, int record, char type, String field) {
        return new ParseResult.Failed(new ParseError(code, record, type, field));
    }

    /** Mutable state while one message is built; the levels follow LIS2-A2 clause 5.1. */
    private static final class Builder {
        private final Delimiters d;
        private final List<Comment> messageComments = new ArrayList<>();
        private final List<PatientGroup> patients = new ArrayList<>();
        private final List<Query> queries = new ArrayList<>();
        private final List<Manufacturer> manufacturer = new ArrayList<>();
        private final List<Scientific> scientific = new ArrayList<>();
        private Patient patient;
        private List<Comment> patientComments;
        private List<OrderGroup> orders;
        private Order order;
        private List<Comment> orderComments;
        private List<ResultGroup> results;
        private Result result;
        private List<Comment> resultComments;
        /** Where the next C record goes: the comments of the record last seen. */
        private List<Comment> commentTarget = messageComments;

        Builder(Delimiters d) {
            this.d = d;
        }

        ParseResult build(List<String> lines) {
            Header header = Header.from(split(1, lines.get(0), d), d);
            Terminator terminator = null;
            for (int i = 1; i < lines.size(); i++) {
                int number = i + 1;
                RawRecord raw = split(number, lines.get(i), d);
                char type = raw.type();
                if (terminator != null) {
                    return fail(ParseError.Code.RECORD_AFTER_TERMINATOR, number, type, null);
                }
                String seqText = raw.field(2).first().strip();
                int seq;
                try {
                    seq = seqText.isEmpty() ? 0 : Integer.parseInt(seqText);
                } catch (NumberFormatException e) {
                    return fail(ParseError.Code.INVALID_SEQUENCE_NUMBER, number, type, type + ".2");
                }
                switch (type) {
                    case 'P' -> {
                        closePatient();
                        patient = Patient.from(raw, seq);
                        patientComments = new ArrayList<>();
                        orders = new ArrayList<>();
                        commentTarget = patientComments;
                    }
                    case 'O' -> {
                        if (patient == null) {
                            return fail(ParseError.Code.OUT_OF_ORDER, number, type, null);
                        }
                        closeOrder();
                        order = Order.from(raw, seq);
                        orderComments = new ArrayList<>();
                        results = new ArrayList<>();
                        commentTarget = orderComments;
                    }
                    case 'R' -> {
                        if (order == null) {
                            return fail(ParseError.Code.OUT_OF_ORDER, number, type, null);
                        }
                        closeResult();
                        result = Result.from(raw, seq);
                        resultComments = new ArrayList<>();
                        commentTarget = resultComments;
                    }
                    case 'C' -> commentTarget.add(Comment.from(raw, seq));
                    case 'Q' -> queries.add(Query.from(raw, seq));
                    case 'M' -> manufacturer.add(new Manufacturer(seq, raw));
                    case 'S' -> scientific.add(new Scientific(seq, raw));
                    case 'L' -> terminator = new Terminator(seq, raw.field(3).first(), raw);
                    default -> {
                        return fail(ParseError.Code.UNKNOWN_RECORD_TYPE, number, type, null);
                    }
                }
            }
            if (terminator == null) {
                return fail(ParseError.Code.MISSING_TERMINATOR, lines.size(), lines.get(lines.size() - 1).charAt(0), null);
            }
            closePatient();
            return new ParseResult.Parsed(new AstmMessage(header, messageComments, patients, queries, manufacturer,
                    scientific, terminator));
        }

        private void closeResult() {
            if (result != null) {
                results.add(new ResultGroup(result, resultComments));
                result = null;
            }
        }

        private void closeOrder() {
            closeResult();
            if (order != null) {
                orders.add(new OrderGroup(order, orderComments, results));
                order = null;
            }
        }

        private void closePatient() {
            closeOrder();
            if (patient != null) {
                patients.add(new PatientGroup(patient, patientComments, orders));
                patient = null;
            }
        }
    }
}
