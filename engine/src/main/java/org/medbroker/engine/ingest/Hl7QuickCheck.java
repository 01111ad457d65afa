package org.medbroker.engine.ingest;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;

/**
 * The field rules checked before the ACK without a full parse: a single pass over the segments of
 * the ER7 text. It catches what senders most often get wrong (no patient identifier, a result with
 * no code, a numeric result that is not a number, a result before its order, codes outside their
 * HL7 tables); the full mapping after the ACK checks the rest. Codes are from HL7 table 0357.
 */
final class Hl7QuickCheck {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Set<String> SEX = Set.of("M", "F", "O", "U", "A", "N");
    private static final Set<String> RESULT_STATUS = Set.of("C", "D", "F", "I", "N", "O", "P", "R", "S", "U", "W", "X");

    private Hl7QuickCheck() {}

    static Optional<AckError> check(String text, MshHeader msh) {
        String field = Pattern.quote(String.valueOf(msh.fieldSeparator()));
        String component = Pattern.quote(String.valueOf(msh.componentSeparator()));
        String repetition = Pattern.quote(String.valueOf(msh.repetitionSeparator()));
        boolean results = msh.messageCode().equals("ORU");
        int obr = 0;
        int obx = 0;
        int pid = 0;
        for (String segment : text.split("\r")) {
            if (segment.length() < 3) {
                continue;
            }
            String[] fields = segment.split(field, -1);
            switch (segment.substring(0, 3)) {
                case "PID" -> {
                    pid++;
                    boolean identified = false;
                    for (String id : at(fields, 3).split(repetition, -1)) {
                        identified |= !id.split(component, -1)[0].isBlank();
                    }
                    if (!identified) {
                        return Optional.of(new AckError("PID", pid, 3, "101",
                                "MB-0311: PID-3 patient identifier list is empty; send at least one identifier"));
                    }
                    String sex = at(fields, 8).split(component, -1)[0];
                    if (!sex.isEmpty() && !SEX.contains(sex)) {
                        return Optional.of(new AckError("PID", pid, 8, "103",
                                "MB-0312: PID-8 administrative sex is not in HL7 table 0001 (M, F, O, U, A, N)"));
                    }
                }
                case "OBR" -> obr++;
                case "OBX" -> {
                    obx++;
                    if (results && obr == 0) {
                        return Optional.of(new AckError("OBX", obx, 0, "100",
                                "MB-0313: OBX before any OBR; every result must follow the order (OBR) it belongs to"));
                    }
                    if (at(fields, 3).split(component, -1)[0].isBlank()) {
                        return Optional.of(new AckError("OBX", obx, 3, "101",
                                "MB-0314: OBX-3 observation identifier is empty; send the test code"));
                    }
                    String value = at(fields, 5);
                    if (at(fields, 2).equals("NM") && !value.isEmpty() && !NUMBER.matcher(value.trim()).matches()) {
                        return Optional.of(new AckError("OBX", obx, 5, "102",
                                "MB-0315: OBX-5 is not a number although OBX-2 says NM; send digits with a decimal point"));
                    }
                    String status = at(fields, 11);
                    if (!status.isEmpty() && !RESULT_STATUS.contains(status)) {
                        return Optional.of(new AckError("OBX", obx, 11, "103",
                                "MB-0316: OBX-11 result status is not in HL7 table 0085"));
                    }
                }
                default -> {
                }
            }
        }
        if (results && obr == 0) {
            return Optional.of(new AckError("OBR", 1, 0, "101", "MB-0317: ORU^R01 without an OBR segment; results need their order"));
        }
        return Optional.empty();
    }

    private static String at(String[] fields, int n) {
        return n < fields.length ? fields[n] : "";
    }
}
