package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbroker.connectors.astm.record.Delimiters;
import org.medbroker.connectors.astm.record.Field;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.mappings.astm.AnalyzerCodeMap;
import org.medbroker.mappings.astm.CodeMapEntry;

/**
 * The E1394 records the broker sends to an analyzer: the answer to a host query and an order download
 * (LIS2-A2 clauses 7 to 13). Each O.5 lists the order's tests in the analyzer's own codes (through its
 * code map, LOINC → analyzer code; tests the analyzer does not know are left out). Stateless.
 */
public final class AstmOrderRecords {

    static final Delimiters D = Delimiters.DEFAULT;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** O.26 report type: a reply to a query, an unsolicited order, no order on record for the specimen. */
    public static final String REPLY_TO_QUERY = "Q";
    public static final String ORDER = "O";
    static final String NO_ORDER_ON_RECORD = "Y";

    /** The orders of one specimen, with the patient id to put in P.3 (may be empty) and every test ordered on it. */
    public record OrderToSend(String specimenId, String patientId, java.util.Optional<org.hl7.fhir.r4.model.Patient> patient,
            List<OrderRepository.OrderTest> tests) {}

    private AstmOrderRecords() {
    }

    /**
     * H, then P and O per order (O.26 {@code reportType}), P and an O with report type Y per unknown
     * specimen id, L with termination code N. When nothing at all is known, answer {@link #noInformation} instead.
     */
    public static List<byte[]> orders(List<OrderToSend> orders, List<String> unknownSpecimenIds, String reportType, AnalyzerCodeMap codes,
            ZoneId zone, Charset charset) {
        List<String> records = new ArrayList<>();
        records.add(header(zone));
        int patient = 0;
        for (OrderToSend send : orders) {
            records.add(patient(++patient, send.patientId(), send.patient()));
            String[] o = fields('O', 26);
            o[2] = "1";
            o[3] = escape(send.specimenId());
            o[5] = testIds(send.tests(), codes);
            o[6] = "R";
            o[12] = "N";
            o[26] = reportType;
            records.add(join(o));
        }
        for (String unknown : unknownSpecimenIds) {
            records.add(record('P', ++patient, ""));
            String[] o = fields('O', 26);
            o[2] = "1";
            o[3] = escape(unknown);
            o[26] = NO_ORDER_ON_RECORD;
            records.add(join(o));
        }
        records.add("L" + D.field() + "1" + D.field() + "N");
        return encode(records, charset);
    }

    /** The "no information" answer of E1394 clause 13.1.3: H and L with termination code I. */
    static List<byte[]> noInformation(ZoneId zone, Charset charset) {
        return encode(List.of(header(zone), "L" + D.field() + "1" + D.field() + "I"), charset);
    }

    /** H and L with termination code Q: error in the last request for information (the store did not answer). */
    static List<byte[]> queryError(ZoneId zone, Charset charset) {
        return encode(List.of(header(zone), "L" + D.field() + "1" + D.field() + "Q"), charset);
    }

    private static String header(ZoneId zone) {
        String[] h = fields('H', 14);
        h[2] = D.definition();
        h[5] = "MEDBROKER";
        h[12] = "P";
        h[13] = "LIS2-A2";
        h[14] = TIMESTAMP.format(ZonedDateTime.now(zone));
        return join(h);
    }

    /** P: P.3 the id, P.6 last ^ first ^ middle, P.8 birth date, P.9 sex, from the stored Patient when there is one. */
    private static String patient(int sequence, String id, java.util.Optional<org.hl7.fhir.r4.model.Patient> stored) {
        String[] p = fields('P', 9);
        p[2] = String.valueOf(sequence);
        p[3] = escape(id);
        stored.ifPresent(patient -> {
            if (patient.hasName()) {
                org.hl7.fhir.r4.model.HumanName name = patient.getNameFirstRep();
                List<String> given = name.getGiven().stream().map(g -> g.getValue()).toList();
                p[6] = escape(name.getFamily()) + D.component() + escape(given.isEmpty() ? "" : given.get(0))
                        + (given.size() > 1 ? D.component() + escape(given.get(1)) : "");
            }
            if (patient.hasBirthDate()) {
                p[8] = patient.getBirthDateElement().getValueAsString().replace("-", "");
            }
            if (patient.hasGender()) {
                p[9] = switch (patient.getGender()) {
                    case MALE -> "M";
                    case FEMALE -> "F";
                    default -> "U";
                };
            }
        });
        return join(p).replaceAll("\\|+$", "");
    }

    private static String record(char type, int sequence, String id) {
        return type + String.valueOf(D.field()) + sequence + D.field() + escape(id);
    }

    /** Fields numbered as the standard numbers them: {@code f[1]} the type, {@code f[0]} unused. */
    private static String[] fields(char type, int last) {
        String[] f = new String[last + 1];
        Arrays.fill(f, "");
        f[1] = String.valueOf(type);
        return f;
    }

    private static String join(String[] f) {
        return String.join(String.valueOf(D.field()), Arrays.copyOfRange(f, 1, f.length));
    }

    private static String testIds(List<OrderRepository.OrderTest> tests, AnalyzerCodeMap codes) {
        List<String> ids = new ArrayList<>();
        for (OrderRepository.OrderTest test : tests) {
            String code = analyzerCode(test, codes);
            if (code != null && !ids.contains(code)) {
                ids.add(code);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String code : ids) {
            if (!sb.isEmpty()) {
                sb.append(D.repeat());
            }
            sb.append(D.component()).append(D.component()).append(D.component()).append(escape(code));
        }
        return sb.toString();
    }

    /** The analyzer's code for an ordered test: by LOINC through the code map, or the code itself when the analyzer knows it. */
    public static String analyzerCode(OrderRepository.OrderTest test, AnalyzerCodeMap codes) {
        if (codes.lookup(test.code()).isPresent()) {
            return test.code();
        }
        for (CodeMapEntry entry : codes.entries().values()) {
            if (entry.loinc().equals(test.code())) {
                return entry.analyzerCode();
            }
        }
        return null;
    }

    private static String escape(String value) {
        return value == null ? "" : Field.of(value).encode(D);
    }

    private static List<byte[]> encode(List<String> records, Charset charset) {
        return records.stream().map(r -> (r + "\r").getBytes(charset)).toList();
    }
}
