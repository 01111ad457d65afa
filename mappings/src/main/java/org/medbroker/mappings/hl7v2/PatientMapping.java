package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/** PID to Patient, and the MRG side of a merge (v2-to-FHIR IG: PID[Patient], MRG[Patient]). */
final class PatientMapping {
  static final String BIRTH_TIME = "http://hl7.org/fhir/StructureDefinition/patient-birthTime";
  private static final String MARITAL_STATUS = "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus";
  private static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";

  /** HL7 table 0002 to v3 MaritalStatus, where the meaning matches. */
  private static final Map<String, String> MARITAL = Map.ofEntries(
      Map.entry("A", "L"), Map.entry("E", "L"), Map.entry("B", "U"), Map.entry("D", "D"), Map.entry("I", "I"),
      Map.entry("M", "M"), Map.entry("N", "A"), Map.entry("P", "T"), Map.entry("R", "T"), Map.entry("S", "S"),
      Map.entry("W", "W"));
  private static final Map<String, String> MARITAL_DISPLAY = Map.of(
      "A", "Annulled", "D", "Divorced", "I", "Interlocutory", "L", "Legally Separated", "M", "Married",
      "S", "Never Married", "T", "Domestic partner", "U", "unmarried", "W", "Widowed");

  private PatientMapping() {
  }

  /**
   * PID to Patient. The id comes from the first PID-3 identifier; every PID-3 repetition, PID-2 and PID-4 become
   * identifiers.
   *
   * @throws MappingException 101 when PID-3 has no identifier; 103 for a PID-8 code outside table 0001; 102 for a
   *                          malformed PID-7 or PID-29
   */
  static Patient fromPid(MappingContext ctx, SegmentRef pid) throws MappingException {
    Patient patient = new Patient();
    for (Type cx : pid.present(3)) {
      Identifier identifier = DataTypes.identifier(ctx.options, cx);
      if (identifier != null) {
        patient.addIdentifier(identifier);
      }
    }
    if (patient.getIdentifier().isEmpty()) {
      throw pid.error(3, MappingException.REQUIRED_FIELD_MISSING,
          "MB-0102: PID-3 (patient identifier list) has no identifier; send at least one CX with CX-1 valued");
    }
    Identifier key = patient.getIdentifierFirstRep();
    patient.setId(StableIds.patient(key.getSystem(), key.getValue()));
    for (int field : new int[] {2, 4}) {
      for (Type cx : pid.present(field)) {
        Identifier identifier = DataTypes.identifier(ctx.options, cx);
        if (identifier != null && !contains(patient, identifier)) {
          patient.addIdentifier(identifier);
        }
      }
    }
    for (Type xpn : pid.present(5)) {
      HumanName name = DataTypes.name(xpn);
      if (name != null) {
        patient.addName(name);
      }
    }
    V2Timestamp birth = ctx.timestamp(pid, 7, pid.text(7));
    if (birth != null) {
      DateType birthDate = birth.toDate();
      if (birth.hasTime()) {
        birthDate.addExtension(BIRTH_TIME, birth.toDateTime(ctx.zone()));
      }
      patient.setBirthDateElement(birthDate);
    }
    String sex = pid.text(8);
    if (sex != null) {
      patient.setGender(gender(pid, sex));
    }
    for (Type xad : pid.present(11)) {
      Address address = DataTypes.address(xad);
      if (address != null) {
        patient.addAddress(address);
      }
    }
    addTelecom(patient, pid.present(13), ContactPoint.ContactPointUse.HOME);
    addTelecom(patient, pid.present(14), ContactPoint.ContactPointUse.WORK);
    CodeableConcept marital = maritalStatus(pid.first(16));
    if (marital != null) {
      patient.setMaritalStatus(marital);
    }
    DateTimeType deathTime = ctx.dateTime(pid, 29);
    if (deathTime != null) {
      patient.setDeceased(deathTime);
    } else {
      String deathIndicator = pid.text(30);
      if ("Y".equalsIgnoreCase(deathIndicator)) {
        patient.setDeceased(new BooleanType(true));
      } else if ("N".equalsIgnoreCase(deathIndicator)) {
        patient.setDeceased(new BooleanType(false));
      }
    }
    return patient;
  }

  /**
   * MRG to the merged (non-surviving) Patient: MRG-1 identifiers, MRG-7 name, inactive, replaced by the
   * survivor; the survivor gets the matching "replaces" link.
   */
  static Patient mergedFromMrg(MappingContext ctx, SegmentRef mrg, Patient survivor) throws MappingException {
    Patient merged = new Patient();
    for (Type cx : mrg.present(1)) {
      Identifier identifier = DataTypes.identifier(ctx.options, cx);
      if (identifier != null) {
        merged.addIdentifier(identifier);
      }
    }
    if (merged.getIdentifier().isEmpty()) {
      throw mrg.error(1, MappingException.REQUIRED_FIELD_MISSING,
          "MB-0102: MRG-1 (prior patient identifier list) has no identifier; send the identifier of the patient"
              + " being merged");
    }
    Identifier key = merged.getIdentifierFirstRep();
    merged.setId(StableIds.patient(key.getSystem(), key.getValue()));
    if (merged.getIdPart().equals(survivor.getIdPart())) {
      throw mrg.error(1, MappingException.APPLICATION_INTERNAL_ERROR,
          "MB-0109: MRG-1 names the same patient as PID-3; a merge needs two different patients");
    }
    for (Type xpn : mrg.present(7)) {
      HumanName name = DataTypes.name(xpn);
      if (name != null) {
        merged.addName(name);
      }
    }
    merged.setActive(false);
    merged.addLink().setType(Patient.LinkType.REPLACEDBY)
        .setOther(new Reference("Patient/" + survivor.getIdPart()));
    survivor.addLink().setType(Patient.LinkType.REPLACES)
        .setOther(new Reference("Patient/" + merged.getIdPart()));
    return merged;
  }

  private static AdministrativeGender gender(SegmentRef pid, String code) throws MappingException {
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "M" -> AdministrativeGender.MALE;
      case "F" -> AdministrativeGender.FEMALE;
      case "O", "A", "N" -> AdministrativeGender.OTHER;
      case "U" -> AdministrativeGender.UNKNOWN;
      default -> throw pid.error(8, MappingException.TABLE_VALUE_NOT_FOUND,
          "MB-0105: PID-8 (administrative sex) is not a code of HL7 table 0001; send M, F, O, A, N or U");
    };
  }

  private static CodeableConcept maritalStatus(Type cwe) {
    if (cwe == null) {
      return null;
    }
    String code = Fields.value(cwe, 1);
    String text = Fields.value(cwe, 2);
    CodeableConcept concept = new CodeableConcept();
    if (code != null && MARITAL.containsKey(code)) {
      String v3 = MARITAL.get(code);
      concept.addCoding(new Coding(MARITAL_STATUS, v3, MARITAL_DISPLAY.get(v3)));
    } else if ("U".equals(code)) {
      concept.addCoding(new Coding(NULL_FLAVOR, "UNK", "unknown"));
    }
    if (text != null) {
      concept.setText(text);
    } else if (concept.getCoding().isEmpty() && code != null) {
      concept.setText(code);
    }
    return concept.isEmpty() ? null : concept;
  }

  private static void addTelecom(Patient patient, List<Type> xtns, ContactPoint.ContactPointUse use) {
    for (Type xtn : xtns) {
      ContactPoint point = DataTypes.contactPoint(xtn, use);
      if (point != null) {
        patient.addTelecom(point);
      }
    }
  }

  private static boolean contains(Patient patient, Identifier identifier) {
    for (Identifier existing : patient.getIdentifier()) {
      if (Objects.equals(existing.getSystem(), identifier.getSystem())
          && Objects.equals(existing.getValue(), identifier.getValue())) {
        return true;
      }
    }
    return false;
  }
}
