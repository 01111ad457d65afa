package org.medbroker.mappings.astm;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.medbroker.connectors.astm.record.Field;

/** The parts of an R record that become Observation elements: value (R.4), range (R.6), flags (R.7), status (R.9). */
final class ResultValues {

    static final String UCUM = "http://unitsofmeasure.org";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    private static final Pattern NUMBER_WITH_COMPARATOR = Pattern.compile("([<>]=?)?\\s*([-+]?\\d+(?:\\.\\d+)?|[-+]?\\.\\d+)");
    private static final Pattern RANGE = Pattern.compile("\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*(?:to|-|\\.\\.)\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

    /** LIS2-A2 clause 10.1.7 abnormal flags and their v3 ObservationInterpretation codes (same letters). */
    private static final Map<String, String> FLAGS = Map.of(
            "L", "Low", "H", "High", "LL", "Critical low", "HH", "Critical high", "N", "Normal", "A", "Abnormal",
            "<", "Off scale low", ">", "Off scale high", "AA", "Critical abnormal");

    private ResultValues() {
    }

    /** The unit to write: the code map's UCUM code when the analyzer's unit agrees with it (or sends none). */
    record Unit(String text, String ucum) {
        static Unit of(String analyzerUnit, Optional<CodeMapEntry> mapped) {
            String sent = analyzerUnit == null ? "" : analyzerUnit.strip();
            String ucum = mapped.map(CodeMapEntry::ucum).orElse("");
            if (!ucum.isEmpty() && (sent.isEmpty() || sent.equalsIgnoreCase(ucum))) {
                return new Unit(sent.isEmpty() ? ucum : sent, ucum);
            }
            return new Unit(sent, "");
        }

        void applyTo(Quantity quantity) {
            if (!text.isEmpty()) {
                quantity.setUnit(text);
            }
            if (!ucum.isEmpty()) {
                quantity.setSystem(UCUM).setCode(ucum);
            }
        }
    }

    /** R.4: a number (with {@code <} or {@code >} as comparator) becomes a Quantity, anything else a string. */
    static void setValue(Observation observation, String value, Unit unit) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return;
        }
        Matcher m = NUMBER_WITH_COMPARATOR.matcher(v);
        if (m.matches()) {
            Quantity quantity = new Quantity().setValue(new BigDecimal(m.group(2)));
            if (m.group(1) != null) {
                quantity.setComparator(Quantity.QuantityComparator.fromCode(m.group(1)));
            }
            unit.applyTo(quantity);
            observation.setValue(quantity);
        } else {
            observation.setValue(new org.hl7.fhir.r4.model.StringType(v));
        }
    }

    /** R.6: {@code low to high}, {@code low-high}, {@code low^high}, {@code <high}, {@code >low}, else kept as text. */
    static Optional<ObservationReferenceRangeComponent> referenceRange(Field field, Unit unit) {
        if (field.isEmpty()) {
            return Optional.empty();
        }
        ObservationReferenceRangeComponent range = new ObservationReferenceRangeComponent();
        String first = field.component(0).strip();
        String second = field.component(1).strip();
        Matcher m = RANGE.matcher(first);
        if (NUMBER.matcher(first).matches() && NUMBER.matcher(second).matches()) {
            range.setLow(quantity(first, unit)).setHigh(quantity(second, unit));
        } else if (m.matches()) {
            range.setLow(quantity(m.group(1), unit)).setHigh(quantity(m.group(2), unit));
        } else if (first.matches("<=?\\s*[-+]?\\d+(\\.\\d+)?")) {
            range.setHigh(quantity(first.replaceAll("[<=\\s]", ""), unit));
        } else if (first.matches(">=?\\s*[-+]?\\d+(\\.\\d+)?")) {
            range.setLow(quantity(first.replaceAll("[>=\\s]", ""), unit));
        } else {
            String text = second.isEmpty() ? first : first + " - " + second;
            if (text.isBlank()) {
                return Optional.empty();
            }
            range.setText(text);
        }
        return Optional.of(range);
    }

    private static SimpleQuantity quantity(String number, Unit unit) {
        SimpleQuantity quantity = new SimpleQuantity();
        quantity.setValue(new BigDecimal(number));
        unit.applyTo(quantity);
        return quantity;
    }

    /** R.7, each repeat a flag; an unknown flag is kept as text. */
    static void addInterpretations(Observation observation, Field flags) {
        for (var repeat : flags.repeats()) {
            String flag = repeat.isEmpty() ? "" : repeat.get(0).strip().toUpperCase(Locale.ROOT);
            if (flag.isEmpty()) {
                continue;
            }
            String display = FLAGS.get(flag);
            observation.addInterpretation(display == null ? new CodeableConcept().setText(flag)
                    : new CodeableConcept(new Coding(INTERPRETATION, flag, display)));
        }
    }

    /** R.9 result status (LIS2-A2 clause 10.1.9) as an Observation status. */
    static Observation.ObservationStatus status(String code) {
        return switch (code == null ? "" : code.strip().toUpperCase(Locale.ROOT)) {
            case "C" -> Observation.ObservationStatus.CORRECTED;
            case "P", "S", "I", "M" -> Observation.ObservationStatus.PRELIMINARY;
            case "X" -> Observation.ObservationStatus.CANCELLED;
            default -> Observation.ObservationStatus.FINAL; // F, R, V, Q, N, W and empty
        };
    }
}
