package org.medbroker.mappings.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.medbroker.mappings.hl7v2.CodeSystems;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.medbroker.mappings.hl7v2.StableIds;

/**
 * The patient module of a DICOM object to Patient. The identifier system comes from the issuer of the patient id by
 * the same rule as HL7 assigning authorities, so an HL7 PID-3 and a DICOM (0010,0020) with the same issuer name one
 * patient. Without a patient id the patient is keyed by the study, so nothing is merged by guesswork.
 */
public final class DicomPatientMapping {

  /** System of the key of a patient whose images carry no patient id. */
  public static final String NO_PATIENT_ID_SYSTEM = "urn:medbroker:dicom:study-without-patient-id";

  private DicomPatientMapping() {
  }

  /** The identifier the patient is matched by. */
  public static Identifier identifier(DicomPatient patient, String studyInstanceUid, MappingOptions options) {
    if (patient.patientId() == null || patient.patientId().isBlank()) {
      return new Identifier().setSystem(NO_PATIENT_ID_SYSTEM).setValue(studyInstanceUid);
    }
    Identifier identifier = new Identifier().setValue(patient.patientId().trim());
    String system = CodeSystems.forAuthority(options, blankToNull(patient.issuer()),
        blankToNull(patient.issuerUniversalId()), blankToNull(patient.issuerUniversalIdType()));
    if (system != null) {
      identifier.setSystem(system);
    }
    return identifier;
  }

  public static Patient patient(DicomPatient source, String studyInstanceUid, MappingOptions options) {
    Identifier key = identifier(source, studyInstanceUid, options);
    Patient patient = new Patient();
    patient.setId(StableIds.patient(key.getSystem(), key.getValue()));
    patient.addIdentifier(key);
    PersonNames.toHumanNames(source.name()).forEach(patient::addName);
    if (DicomDates.date(source.birthDate()) != null) {
      patient.setBirthDateElement(DicomDates.date(source.birthDate()));
    }
    AdministrativeGender gender = gender(source.sex());
    if (gender != null) {
      patient.setGender(gender);
    }
    return patient;
  }

  /**
   * Where the demographics of an incoming object disagree with the patient the clinic already has: family name,
   * given names, birth date, sex. A value missing on either side is no disagreement. Names compare case-insensitively.
   */
  public static List<String> disagreements(Patient known, Patient incoming) {
    List<String> fields = new ArrayList<>();
    HumanName knownName = known.hasName() ? known.getNameFirstRep() : null;
    HumanName incomingName = incoming.hasName() ? incoming.getNameFirstRep() : null;
    if (knownName != null && incomingName != null) {
      if (differ(knownName.getFamily(), incomingName.getFamily())) {
        fields.add("family");
      }
      if (knownName.hasGiven() && incomingName.hasGiven()
          && differ(knownName.getGivenAsSingleString(), incomingName.getGivenAsSingleString())) {
        fields.add("given");
      }
    }
    if (known.hasBirthDate() && incoming.hasBirthDate()
        && !known.getBirthDateElement().getValueAsString().equals(incoming.getBirthDateElement().getValueAsString())) {
      fields.add("birthDate");
    }
    if (known.hasGender() && incoming.hasGender() && known.getGender() != incoming.getGender()
        && known.getGender() != AdministrativeGender.UNKNOWN && incoming.getGender() != AdministrativeGender.UNKNOWN) {
      fields.add("gender");
    }
    return fields;
  }

  private static boolean differ(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return !Objects.equals(a.trim().toLowerCase(Locale.ROOT), b.trim().toLowerCase(Locale.ROOT));
  }

  private static AdministrativeGender gender(String sex) {
    if (sex == null) {
      return null;
    }
    return switch (sex.trim().toUpperCase(Locale.ROOT)) {
      case "M" -> AdministrativeGender.MALE;
      case "F" -> AdministrativeGender.FEMALE;
      case "O" -> AdministrativeGender.OTHER;
      default -> null;
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
