package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * OBX to Observation (or, for encapsulated data, DocumentReference) and OBR to DiagnosticReport (v2-to-FHIR IG:
 * OBX[Observation], OBX[DocumentReference], OBR[DiagnosticReport]).
 */
final class ResultMapping {
  private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

  private static final Map<String, String> MIME_BY_SUBTYPE = Map.ofEntries(
      Map.entry("PDF", "application/pdf"),
      Map.entry("JPEG", "image/jpeg"),
      Map.entry("JPG", "image/jpeg"),
      Map.entry("PNG", "image/png"),
      Map.entry("GIF", "image/gif"),
      Map.entry("TIFF", "image/tiff"),
      Map.entry("TIF", "image/tiff"),
      Map.entry("HTML", "text/html"),
      Map.entry("RTF", "application/rtf"),
      Map.entry("PLAIN", "text/plain"),
      Map.entry("TXT", "text/plain"),
      Map.entry("XML", "application/xml"),
      Map.entry("DICOM", "application/dicom"),
      Map.entry("MSWORD", "application/msword"),
      Map.entry("POSTSCRIPT", "application/postscript"),
      Map.entry("BASIC", "audio/basic"),
      Map.entry("OCTET-STREAM", "application/octet-stream"));

  private ResultMapping() {
  }

  /** The ids of one OBX's resource: the result key is (order key, OBX-3 system and code, OBX-4 sub-id). */
  static String resultKeyOf(Order order, SegmentRef obx) throws MappingException {
    Type code = obx.first(3);
    if (code == null || Fields.value(code, 1) == null) {
      throw obx.error(3, MappingException.REQUIRED_FIELD_MISSING,
          "MB-0102: OBX-3 (observation identifier) is empty; send the code of the test");
    }
    return String.join("\u001f", order.key, String.valueOf(DataTypes.codingSystemKey(code)),
        Fields.value(code, 1), String.valueOf(obx.text(4)));
  }

  /** OBX to Observation. */
  static Observation observation(MappingContext ctx, Order order, Order.Result result, String id,
      Reference specimen) throws MappingException {
    SegmentRef obx = result.obx();
    Observation observation = new Observation();
    observation.setId(id);
    observation.addBasedOn(order.serviceRequestReference());
    observation.setStatus(observationStatus(obx));
    observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "laboratory", "Laboratory")));
    observation.setCode(DataTypes.codeableConcept(obx.first(3)));
    observation.setSubject(order.patientReference());
    DateTimeType effective = ctx.dateTime(obx, 14);
    if (effective == null && order.obr != null) {
      effective = ctx.dateTime(order.obr, 7);
    }
    if (effective != null) {
      observation.setEffective(effective);
    }
    InstantType issued = ctx.instant(obx, 19);
    if (issued == null && order.obr != null) {
      issued = ctx.instant(order.obr, 22);
    }
    if (issued != null) {
      observation.setIssuedElement(issued);
    }
    for (Type xcn : obx.present(16)) {
      Reference performer = DataTypes.person(ctx.options, xcn, "Practitioner");
      if (performer != null) {
        observation.addPerformer(performer);
      }
    }
    String organization = obx.text(23);
    if (organization != null) {
      observation.addPerformer(new Reference().setType("Organization").setDisplay(organization));
    }
    org.hl7.fhir.r4.model.Type value = ObservationValues.value(ctx, obx, ObservationValues.valueType(obx));
    if (value != null) {
      observation.setValue(value);
    }
    for (Type flag : obx.present(8)) {
      CodeableConcept interpretation = ObservationValues.interpretation(Fields.value(flag, 1));
      if (interpretation != null) {
        observation.addInterpretation(interpretation);
      }
    }
    for (SegmentRef nte : result.notes()) {
      String text = noteText(nte);
      if (text != null) {
        observation.addNote().setText(text);
      }
    }
    CodeableConcept method = DataTypes.codeableConcept(obx.first(17));
    if (method != null) {
      observation.setMethod(method);
    }
    if (specimen != null) {
      observation.setSpecimen(specimen.copy());
    }
    Type device = obx.first(18);
    if (device != null) {
      Identifier identifier = DataTypes.identifier(ctx.options, device, null);
      if (identifier != null) {
        observation.setDevice(new Reference().setType("Device").setDisplay(identifier.getValue())
            .setIdentifier(identifier));
      }
    }
    ObservationReferenceRangeComponent range = ObservationValues.referenceRange(obx.text(7), obx.first(6));
    if (range != null) {
      observation.addReferenceRange(range);
    }
    return observation;
  }

  /**
   * OBX of type ED to DocumentReference: FHIR R4 Observation has no Attachment value, so the IG maps encapsulated
   * data to a DocumentReference about the order. Content type from ED-2/ED-3; data decoded per ED-4.
   */
  static DocumentReference document(MappingContext ctx, Order order, Order.Result result, String id)
      throws MappingException {
    SegmentRef obx = result.obx();
    List<Type> values = obx.present(5);
    if (values.size() > 1) {
      throw obx.error(5, MappingException.DATA_TYPE_ERROR,
          "MB-0106: OBX-5 of type ED repeats; send one document per OBX");
    }
    Type ed = values.isEmpty() ? null : values.get(0);
    DocumentReference document = new DocumentReference();
    document.setId(id);
    String status = obx.text(11);
    String upperStatus = status == null ? "" : status.toUpperCase(Locale.ROOT);
    observationStatus(obx); // rejects codes outside table 0085
    document.setStatus(upperStatus.equals("D") || upperStatus.equals("W") ? DocumentReferenceStatus.ENTEREDINERROR
        : DocumentReferenceStatus.CURRENT);
    switch (upperStatus) {
      case "F", "U", "V" -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.FINAL);
      case "P", "R", "S", "I" -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
      case "C", "A", "B" -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.AMENDED);
      default -> {
        // no document status
      }
    }
    document.setType(DataTypes.codeableConcept(obx.first(3)));
    document.setSubject(order.patientReference());
    InstantType date = ctx.instant(obx, 14);
    if (date == null && order.obr != null) {
      date = ctx.instant(order.obr, 7);
    }
    if (date != null) {
      document.setDateElement(date);
    }
    Attachment attachment = document.addContent().getAttachment();
    if (ed != null) {
      String contentType = contentType(Fields.value(ed, 2), Fields.value(ed, 3));
      attachment.setContentType(contentType);
      byte[] data = data(obx, Fields.value(ed, 4), Fields.value(ed, 5));
      if (data != null) {
        attachment.setData(data);
      }
    }
    DateTimeType created = ctx.dateTime(obx, 14);
    if (created != null) {
      attachment.setCreationElement(created);
    }
    document.getContext().addRelated(order.serviceRequestReference());
    return document;
  }

  private static byte[] data(SegmentRef obx, String encoding, String text) throws MappingException {
    if (text == null || text.isBlank()) {
      return null;
    }
    String kind = encoding == null ? "A" : encoding.toUpperCase(Locale.ROOT);
    try {
      return switch (kind) {
        case "BASE64" -> Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        case "HEX" -> HexFormat.of().parseHex(text.replaceAll("\\s", ""));
        case "A" -> text.getBytes(StandardCharsets.UTF_8);
        default -> throw obx.error(5, MappingException.TABLE_VALUE_NOT_FOUND,
            "MB-0105: ED-4 (encoding) of OBX-5 is not a code of HL7 table 0299; send A, Hex or Base64");
      };
    } catch (IllegalArgumentException e) {
      throw obx.error(5, MappingException.DATA_TYPE_ERROR,
          "MB-0108: ED-5 (data) of OBX-5 is not valid " + (kind.equals("HEX") ? "hexadecimal" : "Base64")
              + " as ED-4 declares; check the encoder of the sending system");
    }
  }

  static String contentType(String typeOfData, String subtype) {
    if (subtype != null && subtype.contains("/")) {
      return subtype.toLowerCase(Locale.ROOT);
    }
    String type = typeOfData == null ? "" : typeOfData.toUpperCase(Locale.ROOT);
    if (subtype != null) {
      String upper = subtype.toUpperCase(Locale.ROOT);
      if (upper.equals("XML") && type.equals("TEXT")) {
        return "text/xml";
      }
      String known = MIME_BY_SUBTYPE.get(upper);
      if (known != null) {
        return known;
      }
    }
    return type.equals("TEXT") || type.equals("TX") ? "text/plain" : "application/octet-stream";
  }

  /**
   * OBX-11 (table 0085) to Observation.status; empty gives "unknown".
   *
   * @throws MappingException 103 for a code outside table 0085
   */
  static ObservationStatus observationStatus(SegmentRef obx) throws MappingException {
    String status = obx.text(11);
    if (status == null) {
      return ObservationStatus.UNKNOWN;
    }
    return switch (status.toUpperCase(Locale.ROOT)) {
      case "F", "U", "V" -> ObservationStatus.FINAL;
      case "P", "S" -> ObservationStatus.PRELIMINARY;
      case "C" -> ObservationStatus.CORRECTED;
      case "A", "B" -> ObservationStatus.AMENDED;
      case "X", "N" -> ObservationStatus.CANCELLED;
      case "R", "I", "O" -> ObservationStatus.REGISTERED;
      case "D", "W" -> ObservationStatus.ENTEREDINERROR;
      default -> throw obx.error(11, MappingException.TABLE_VALUE_NOT_FOUND,
          "MB-0105: OBX-11 (observation result status) is not a code of HL7 table 0085; send F, P, C, X, R, I,"
              + " D, W or another 0085 code");
    };
  }

  /** OBR to DiagnosticReport. */
  static DiagnosticReport report(MappingContext ctx, Order order, List<Reference> results,
      List<Reference> specimens) throws MappingException {
    SegmentRef obr = order.obr;
    DiagnosticReport report = new DiagnosticReport();
    report.setId(order.reportId);
    Type filler = order.filler();
    Identifier identifier = filler == null ? null : DataTypes.identifier(ctx.options, filler, "FILL");
    if (identifier != null) {
      report.addIdentifier(identifier);
    }
    report.addBasedOn(order.serviceRequestReference());
    report.setStatus(reportStatus(obr));
    String section = obr.text(24);
    String category = section != null && V2Tables.defines("0074", section) ? section : "LAB";
    report.addCategory(new CodeableConcept(new Coding(V2Tables.system("0074"), category,
        V2Tables.display("0074", category))));
    CodeableConcept code = DataTypes.codeableConcept(obr.first(4));
    if (code == null) {
      throw obr.error(4, MappingException.REQUIRED_FIELD_MISSING,
          "MB-0102: OBR-4 (universal service identifier) is empty; send the code of the ordered test");
    }
    report.setCode(code);
    report.setSubject(order.patientReference());
    DateTimeType start = ctx.dateTime(obr, 7);
    DateTimeType end = ctx.dateTime(obr, 8);
    if (start != null && end != null && !start.getValueAsString().equals(end.getValueAsString())) {
      report.setEffective(new Period().setStartElement(start).setEndElement(end));
    } else if (start != null) {
      report.setEffective(start);
    }
    InstantType issued = ctx.instant(obr, 22);
    if (issued != null) {
      report.setIssuedElement(issued);
    }
    Type interpreter = obr.first(32);
    if (interpreter != null) {
      Reference person = DataTypes.person(ctx.options, Fields.value(interpreter, 1, 1),
          Fields.value(interpreter, 1, 2), Fields.value(interpreter, 1, 3), Fields.value(interpreter, 1, 4),
          null, null, null, "Practitioner");
      if (person != null) {
        report.addResultsInterpreter(person);
      }
    }
    specimens.forEach(specimen -> report.addSpecimen(specimen.copy()));
    results.forEach(result -> report.addResult(result.copy()));
    return report;
  }

  /**
   * OBR-25 (table 0123) to DiagnosticReport.status; empty gives "unknown".
   *
   * @throws MappingException 103 for a code outside table 0123
   */
  static DiagnosticReportStatus reportStatus(SegmentRef obr) throws MappingException {
    String status = obr.text(25);
    if (status == null) {
      return DiagnosticReportStatus.UNKNOWN;
    }
    return switch (status.toUpperCase(Locale.ROOT)) {
      case "O", "I", "S" -> DiagnosticReportStatus.REGISTERED;
      case "A", "N" -> DiagnosticReportStatus.PARTIAL;
      case "P", "R" -> DiagnosticReportStatus.PRELIMINARY;
      case "C", "M" -> DiagnosticReportStatus.CORRECTED;
      case "F" -> DiagnosticReportStatus.FINAL;
      case "X" -> DiagnosticReportStatus.CANCELLED;
      case "Y", "Z" -> DiagnosticReportStatus.UNKNOWN;
      default -> throw obr.error(25, MappingException.TABLE_VALUE_NOT_FOUND,
          "MB-0105: OBR-25 (result status) is not a code of HL7 table 0123; send F, P, C, X, R, I, O, S, A or M");
    };
  }

  /** NTE-3 (formatted text, repeating) as one note text, or null. */
  static String noteText(SegmentRef nte) {
    List<String> lines = new ArrayList<>();
    for (Type comment : nte.present(3)) {
      String text = Fields.rawValue(comment);
      if (text != null && !text.isBlank()) {
        lines.add(ObservationValues.formattedText(text));
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }
}
