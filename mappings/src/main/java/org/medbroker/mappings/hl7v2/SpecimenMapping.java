package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Specimen;

/** SPM (or, without SPM, OBR-15) to Specimen (v2-to-FHIR IG: SPM[Specimen], OBR[Specimen]). */
final class SpecimenMapping {
  private SpecimenMapping() {
  }

  /**
   * SPM to Specimen. Keyed by the specimen id SPM-2 (placer's, else filler's), so the barcode that was ordered
   * and the one that was resulted are the same Specimen; without SPM-2, by the order and the SPM's position.
   */
  static Specimen fromSpm(MappingContext ctx, Order order, SegmentRef spm, int index) throws MappingException {
    Type specimenId = spm.first(2);
    Identifier placer = specimenId == null ? null : identifier(ctx, specimenId, 1, "PLAC");
    Identifier filler = specimenId == null ? null : identifier(ctx, specimenId, 2, "FILL");
    String key;
    if (placer != null) {
      key = "id:" + DataTypes.join("^", placer.getValue(), authority(specimenId, 1));
    } else if (filler != null) {
      key = "id:" + DataTypes.join("^", filler.getValue(), authority(specimenId, 2));
    } else {
      key = "order:" + order.key + "#SPM" + (index + 1);
    }
    Specimen specimen = new Specimen();
    specimen.setId(StableIds.of("Specimen", key));
    if (placer != null) {
      specimen.addIdentifier(placer);
    }
    if (filler != null) {
      specimen.addIdentifier(filler);
    }
    CodeableConcept type = DataTypes.codeableConcept(spm.first(4));
    if (type != null) {
      specimen.setType(type);
    }
    specimen.setSubject(order.patientReference());
    specimen.addRequest(order.serviceRequestReference());
    Type collection = spm.first(17);
    DateTimeType start = collection == null ? null : ctx.dateTime(spm, 17, collection, 1);
    DateTimeType end = collection == null ? null : ctx.dateTime(spm, 17, collection, 2);
    if (start != null && end != null && !start.getValueAsString().equals(end.getValueAsString())) {
      specimen.getCollection().setCollected(new Period().setStartElement(start).setEndElement(end));
    } else if (start != null) {
      specimen.getCollection().setCollected(start);
    } else if (order.obr != null) {
      DateTimeType observed = ctx.dateTime(order.obr, 7);
      if (observed != null) {
        specimen.getCollection().setCollected(observed);
      }
    }
    DateTimeType received = ctx.dateTime(spm, 18);
    if (received == null && order.obr != null) {
      received = ctx.dateTime(order.obr, 14);
    }
    if (received != null) {
      specimen.setReceivedTimeElement(received);
    }
    return specimen;
  }

  /**
   * OBR-15 (specimen source, v2.3 to v2.5.1) to Specimen, for orders without SPM: type from OBR-15.1, collected
   * at OBR-7, received at OBR-14. Null when OBR-15.1 is empty.
   */
  static Specimen fromObr(MappingContext ctx, Order order) throws MappingException {
    Type source = order.obr == null ? null : order.obr.first(15);
    String code = source == null ? null : Fields.value(source, 1, 1);
    String text = source == null ? null : Fields.value(source, 1, 2);
    if (code == null && text == null) {
      return null;
    }
    Specimen specimen = new Specimen();
    specimen.setId(StableIds.of("Specimen", "order:" + order.key + "#OBR-15"));
    CodeableConcept type = new CodeableConcept();
    if (code != null) {
      Coding coding = new Coding().setCode(code);
      String system = CodeSystems.forCoding(Fields.value(source, 1, 3), code);
      if (system != null) {
        coding.setSystem(system);
      }
      if (text != null) {
        coding.setDisplay(text);
      }
      type.addCoding(coding);
    } else {
      type.setText(text);
    }
    specimen.setType(type);
    specimen.setSubject(order.patientReference());
    specimen.addRequest(order.serviceRequestReference());
    DateTimeType observed = ctx.dateTime(order.obr, 7);
    if (observed != null) {
      specimen.getCollection().setCollected(observed);
    }
    DateTimeType received = ctx.dateTime(order.obr, 14);
    if (received != null) {
      specimen.setReceivedTimeElement(received);
    }
    return specimen;
  }

  private static Identifier identifier(MappingContext ctx, Type eip, int component, String type) {
    return DataTypes.identifier(ctx.options, Fields.value(eip, component, 1), Fields.value(eip, component, 2),
        Fields.value(eip, component, 3), Fields.value(eip, component, 4), type);
  }

  private static String authority(Type eip, int component) {
    return DataTypes.firstNonNull(Fields.value(eip, component, 2), Fields.value(eip, component, 3));
  }
}
