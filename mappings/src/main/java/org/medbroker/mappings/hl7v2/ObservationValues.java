package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.StringType;

/**
 * OBX-5 by value type OBX-2 (v2-to-FHIR IG: OBX[Observation] value[x]), and OBX-7 reference ranges.
 */
final class ObservationValues {
  /** HL7 v2 NM: optional sign, digits, optional decimal point. No exponent, no decimal comma. */
  private static final Pattern NM = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
  private static final String NUMBER = "[+-]?(?:\\d+(?:[.,]\\d+)?|[.,]\\d+)";
  private static final Pattern RANGE = Pattern.compile("(" + NUMBER + ")\\s*[-\u2013\u2014]\\s*(" + NUMBER + ")");
  private static final Pattern BOUND = Pattern.compile("(<=|>=|<|>|\u2264|\u2265)\\s*(" + NUMBER + ")");

  /** Value types of HL7 table 0125 that have no FHIR counterpart and are rendered as text. */
  private static final Set<String> AS_TEXT = Set.of("AD", "CK", "CN", "CP", "CX", "DR", "MA", "MO", "NA", "PN",
      "XAD", "XCN", "XON", "XPN", "XTN");

  private ObservationValues() {
  }

  /**
   * The value[x] for OBX-5, or null when OBX-5 is empty. ED is not handled here (it maps to a
   * DocumentReference).
   *
   * @throws MappingException 103 for an OBX-2 outside table 0125; 102 for a numeric value that is not a number,
   *                          a malformed date, or a repeating value of a type that holds one value
   */
  static org.hl7.fhir.r4.model.Type value(MappingContext ctx, SegmentRef obx, String valueType)
      throws MappingException {
    List<Type> values = obx.present(5);
    if (values.isEmpty()) {
      return null;
    }
    switch (valueType) {
      case "NM" -> {
        Quantity quantity = quantity(obx, Fields.value(single(obx, values, valueType), 1));
        DataTypes.units(quantity, obx.first(6));
        return quantity;
      }
      case "SN" -> {
        return structuredNumeric(obx, single(obx, values, valueType));
      }
      case "ST", "TX", "ID", "IS", "TN" -> {
        return new StringType(joined(values, false));
      }
      case "FT" -> {
        return new StringType(joined(values, true));
      }
      case "CE", "CWE", "CNE", "CF" -> {
        return DataTypes.codeableConcept(single(obx, values, valueType));
      }
      case "DT", "DTM", "TS" -> {
        return ctx.dateTime(obx, 5, single(obx, values, valueType), 1);
      }
      case "TM" -> {
        String text = Fields.value(single(obx, values, valueType), 1);
        try {
          return V2Timestamp.parseTime(text);
        } catch (IllegalArgumentException e) {
          throw obx.error(5, MappingException.DATA_TYPE_ERROR,
              "MB-0104: OBX-5 is not a valid HL7 TM (time) value; send HH[MM[SS[.S]]]");
        }
      }
      case "RP" -> {
        return new StringType(Fields.value(single(obx, values, valueType), 1));
      }
      default -> {
        if (AS_TEXT.contains(valueType)) {
          List<String> lines = new ArrayList<>();
          for (Type value : values) {
            String text = String.join(" ", components(value));
            if (!text.isEmpty()) {
              lines.add(text);
            }
          }
          return lines.isEmpty() ? null : new StringType(String.join("\n", lines));
        }
        throw obx.error(2, MappingException.TABLE_VALUE_NOT_FOUND,
            "MB-0105: OBX-2 (value type) is not a code of HL7 table 0125; send NM, SN, ST, TX, FT, CE, CWE, ED,"
                + " DT, TS or another 0125 type");
      }
    }
  }

  /** A v2 NM value as a Quantity without unit, keeping the digits sent. */
  static Quantity quantity(SegmentRef obx, String number) throws MappingException {
    BigDecimal value = number(obx, number);
    return new Quantity().setValue(value);
  }

  private static BigDecimal number(SegmentRef obx, String number) throws MappingException {
    if (number == null || !NM.matcher(number).matches()) {
      throw obx.error(5, MappingException.DATA_TYPE_ERROR,
          "MB-0103: OBX-5 is not a number although OBX-2 says NM or SN; send digits with an optional sign and"
              + " decimal point (no decimal comma, no text), or declare the value type ST");
    }
    return new BigDecimal(number.startsWith("+") ? number.substring(1) : number);
  }

  /**
   * SN: comparator + number to a Quantity with comparator; number-number to a Range; number:number or
   * number/number to a Ratio; number + "+" (e.g. "2+") and "<>" comparisons to text.
   */
  private static org.hl7.fhir.r4.model.Type structuredNumeric(SegmentRef obx, Type sn) throws MappingException {
    String comparator = Fields.value(sn, 1);
    String first = Fields.value(sn, 2);
    String separator = Fields.value(sn, 3);
    String second = Fields.value(sn, 4);
    if (separator == null && second == null) {
      if (first == null) {
        throw obx.error(5, MappingException.DATA_TYPE_ERROR,
            "MB-0103: OBX-5 of type SN has no number in SN-2; send comparator^number[^separator^number]");
      }
      Quantity quantity = quantity(obx, first);
      DataTypes.units(quantity, obx.first(6));
      if (comparator == null || comparator.equals("=")) {
        return quantity;
      }
      Quantity.QuantityComparator fhirComparator = switch (comparator) {
        case "<" -> Quantity.QuantityComparator.LESS_THAN;
        case "<=" -> Quantity.QuantityComparator.LESS_OR_EQUAL;
        case ">" -> Quantity.QuantityComparator.GREATER_THAN;
        case ">=" -> Quantity.QuantityComparator.GREATER_OR_EQUAL;
        default -> null;
      };
      if (fhirComparator == null) {
        return new StringType(comparator + first);
      }
      return quantity.setComparator(fhirComparator);
    }
    if (comparator == null && first != null && second != null && "-".equals(separator)) {
      BigDecimal low = number(obx, first);
      BigDecimal high = number(obx, second);
      if (low.compareTo(high) <= 0) {
        Quantity lowQuantity = new Quantity().setValue(low);
        Quantity highQuantity = new Quantity().setValue(high);
        DataTypes.units(lowQuantity, obx.first(6));
        DataTypes.units(highQuantity, obx.first(6));
        return new Range().setLow(lowQuantity).setHigh(highQuantity);
      }
    }
    if (comparator == null && first != null && second != null && (":".equals(separator) || "/".equals(separator))) {
      return new Ratio().setNumerator(new Quantity().setValue(number(obx, first)))
          .setDenominator(new Quantity().setValue(number(obx, second)));
    }
    return new StringType(DataTypes.join("", comparator, first, separator, second));
  }

  /**
   * OBX-7 as a reference range: "3.5-5.0" low and high; "&lt;5" (or "&lt;=5") high; "&gt;10" (or "&gt;=10") low; a
   * decimal comma is accepted here (it is free text). Anything else, and a range whose low exceeds its high, as
   * text. Units from OBX-6. Null when OBX-7 is empty.
   */
  static ObservationReferenceRangeComponent referenceRange(String text, Type units) {
    if (text == null) {
      return null;
    }
    ObservationReferenceRangeComponent range = new ObservationReferenceRangeComponent();
    Matcher between = RANGE.matcher(text);
    Matcher bound = BOUND.matcher(text);
    if (between.matches()) {
      BigDecimal low = decimal(between.group(1));
      BigDecimal high = decimal(between.group(2));
      if (low.compareTo(high) <= 0) {
        range.setLow(simpleQuantity(low, units));
        range.setHigh(simpleQuantity(high, units));
        return range;
      }
    } else if (bound.matches()) {
      BigDecimal limit = decimal(bound.group(2));
      if (bound.group(1).startsWith("<") || bound.group(1).equals("\u2264")) {
        range.setHigh(simpleQuantity(limit, units));
      } else {
        range.setLow(simpleQuantity(limit, units));
      }
      return range;
    }
    return range.setText(text);
  }

  private static Quantity simpleQuantity(BigDecimal value, Type units) {
    Quantity quantity = new Quantity().setValue(value);
    DataTypes.units(quantity, units);
    return quantity;
  }

  private static BigDecimal decimal(String text) {
    String normalized = text.replace(',', '.');
    if (normalized.startsWith("+")) {
      normalized = normalized.substring(1);
    }
    if (normalized.startsWith(".")) {
      normalized = "0" + normalized;
    } else if (normalized.startsWith("-.")) {
      normalized = "-0" + normalized.substring(1);
    }
    return new BigDecimal(normalized);
  }

  private static Type single(SegmentRef obx, List<Type> values, String valueType) throws MappingException {
    if (values.size() > 1) {
      throw obx.error(5, MappingException.DATA_TYPE_ERROR, "MB-0106: OBX-5 of type " + valueType
          + " repeats; send one value per OBX (use OBX-4 sub-ids for several)");
    }
    return values.get(0);
  }

  /** Repetitions of a text value, one line each; FT formatting commands applied. */
  private static String joined(List<Type> values, boolean formatted) {
    List<String> lines = new ArrayList<>();
    for (Type value : values) {
      String text = Fields.rawValue(value);
      if (text == null) {
        continue;
      }
      lines.add(formatted ? formattedText(text) : text.strip());
    }
    return String.join("\n", lines);
  }

  /**
   * Applies HL7 v2 formatted-text (FT) commands: {@code \.br\} and {@code \.sp\} (optionally with a count) start
   * new lines; other commands ({@code \.in\}, {@code \.ti\}, {@code \.ce\}, {@code \.fi\}, {@code \.nf\},
   * {@code \.sk\}) and highlighting ({@code \H\}, {@code \N\}) are dropped. HAPI has already replaced the
   * delimiter escapes.
   */
  static String formattedText(String text) {
    StringBuilder out = new StringBuilder();
    Matcher command = Pattern.compile("\\\\(\\.(br|sp|in|ti|sk|ce|fi|nf)([+-]?\\d*)|H|N)\\\\").matcher(text);
    int last = 0;
    while (command.find()) {
      out.append(text, last, command.start());
      String name = command.group(2);
      if ("br".equals(name)) {
        out.append('\n');
      } else if ("sp".equals(name)) {
        String count = command.group(3);
        int lines = count == null || count.isEmpty() ? 1 : Math.max(1, Integer.parseInt(count.replace("+", "")));
        out.append("\n".repeat(Math.min(lines, 100)));
      }
      last = command.end();
    }
    out.append(text.substring(last));
    return out.toString().strip();
  }

  /** All non-empty component values of a value, in order. */
  private static List<String> components(Type value) {
    List<String> parts = new ArrayList<>();
    for (int component = 1; component <= 32; component++) {
      String part = Fields.value(value, component);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts;
  }

  static String valueType(SegmentRef obx) {
    String type = obx.text(2);
    return type == null ? "ST" : type.toUpperCase(Locale.ROOT);
  }

  /** Observation.interpretation codes from HL7 table 0078 that v3 ObservationInterpretation defines. */
  static CodeableConcept interpretation(String code) {
    return Interpretations.concept(code);
  }
}
