package org.medbroker.engine.outbound;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The few fields routing looks at, read straight from a stored HL7 v2 message (it passed the
 * listener's checks, so MSH is readable): message type (MSH-9.1^9.2), patient class (PV1-2), the
 * patient (PID-3, first repetition: id and assigning authority) and test codes (OBR-4 and OBX-3: the
 * identifier, components 1, and the alternate identifier, components 4, e.g. an analyzer's own code).
 */
record Hl7Fields(String messageType, String patientClass, String patientKey, Set<String> testCodes) {

    static Hl7Fields read(byte[] raw, Charset charset) {
        String text = new String(raw, charset);
        char field = text.length() > 3 ? text.charAt(3) : '|';
        char component = text.length() > 4 ? text.charAt(4) : '^';
        char repetition = text.length() > 5 ? text.charAt(5) : '~';
        String messageType = "";
        String patientClass = "";
        String patientKey = "";
        Set<String> codes = new LinkedHashSet<>();
        for (String segment : text.split("[\r\n]+")) {
            if (segment.length() < 3) {
                continue;
            }
            List<String> fields = split(segment, field);
            switch (segment.substring(0, 3)) {
                case "MSH" -> {
                    // MSH-1 is the separator itself, so MSH-n is at index n - 1.
                    List<String> type = split(get(fields, 8), component);
                    messageType = get(type, 0) + (get(type, 1).isEmpty() ? "" : "^" + get(type, 1));
                }
                case "PID" -> {
                    if (patientKey.isEmpty()) {
                        List<String> id = split(split(get(fields, 3), repetition).get(0), component);
                        patientKey = get(id, 0).isEmpty() ? "" : get(id, 0) + "^" + get(id, 3);
                    }
                }
                case "PV1" -> patientClass = get(split(get(fields, 2), component), 0);
                case "OBR" -> addCode(codes, get(fields, 4), component);
                case "OBX" -> addCode(codes, get(fields, 3), component);
                default -> { }
            }
        }
        return new Hl7Fields(messageType, patientClass, patientKey, codes);
    }

    private static void addCode(Set<String> codes, String value, char component) {
        List<String> parts = split(value, component);
        for (int i : new int[] {0, 3}) {
            if (!get(parts, i).isEmpty()) {
                codes.add(get(parts, i));
            }
        }
    }

    private static List<String> split(String value, char separator) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == separator) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    private static String get(List<String> values, int index) {
        return index < values.size() ? values.get(index) : "";
    }
}
