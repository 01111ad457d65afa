package org.medbroker.mappings.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.medbroker.mappings.hl7v2.StableIds;
import org.medbroker.mappings.testing.Hl7Samples;
import org.medbroker.mappings.testing.R4Validator;

/**
 * DICOM studies to ImagingStudy and Patient, compared with the golden files in {@code samples/dicom/golden} (made
 * anew with {@code -Dmedbroker.golden.regenerate=true}) and checked by the R4 validator.
 */
class ImagingStudyMappingTest {

  private static final MappingOptions OPTIONS = MappingOptions.defaults()
      .withDefaultZone(ZoneId.of("Europe/Moscow"))
      .withIdentifierSystems(java.util.Map.of("CLINIC", "urn:oid:1.2.643.5.1.13.13.12.2.77.1"));
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  static final DicomPatient IVANOV = new DicomPatient("MRN-1001", "CLINIC", null, null,
      "Иванов^Иван^Петрович", "19800215", "M");

  static DicomStudy ctStudy() {
    DicomSeries scout = new DicomSeries("1.2.826.0.1.3680043.8.498.1.1", "CT", 1, "Топограмма", "HEAD", "20261130",
        "101500", List.of(new DicomInstance("1.2.826.0.1.3680043.8.498.1.1.1", "1.2.840.10008.5.1.4.1.1.2", 1, null)));
    DicomSeries axial = new DicomSeries("1.2.826.0.1.3680043.8.498.1.2", "CT", 2, "Axial 1.0", "HEAD", "20261130",
        "101712.250", List.of(
            new DicomInstance("1.2.826.0.1.3680043.8.498.1.2.1", "1.2.840.10008.5.1.4.1.1.2", 1, null),
            new DicomInstance("1.2.826.0.1.3680043.8.498.1.2.2", "1.2.840.10008.5.1.4.1.1.2", 2, null)));
    return new DicomStudy("1.2.826.0.1.3680043.8.498.1", "A-2026-0042", null, "7", "20261130", "101500",
        "КТ головы", "Петров^Сергей", IVANOV, List.of(scout, axial));
  }

  static DicomStudy cbctWithoutPatientId() {
    DicomSeries volume = new DicomSeries("1.2.826.0.1.3680043.8.498.2.1", "CT", null, null, null, null, null,
        List.of(new DicomInstance("1.2.826.0.1.3680043.8.498.2.1.1", "1.2.840.10008.5.1.4.1.1.13.1.4", 1, 512)));
    DicomSeries pano = new DicomSeries("1.2.826.0.1.3680043.8.498.2.2", "PX", 2, "Panoramic", "JAW", "2026.11.30",
        "09:05", List.of(new DicomInstance("1.2.826.0.1.3680043.8.498.2.2.1", "1.2.840.10008.5.1.4.1.1.1.1", 1, null)));
    DicomPatient anonymous = new DicomPatient(null, null, null, null, "Smith^Anna", "bad-date", "F");
    return new DicomStudy("1.2.826.0.1.3680043.8.498.2", null, null, null, "20261130", null, null, null, anonymous,
        List.of(volume, pano));
  }

  @Test
  void ctStudyMatchesGoldenFile() throws IOException {
    assertGolden("ct-head-cyrillic", ctStudy());
  }

  @Test
  void cbctWithoutPatientIdMatchesGoldenFile() throws IOException {
    assertGolden("cbct-without-patient-id", cbctWithoutPatientId());
  }

  @Test
  void studyUidAndAccessionBecomeIdentifiersAndModalitiesAreCollected() {
    Patient patient = DicomPatientMapping.patient(IVANOV, "1.2.826.0.1.3680043.8.498.1", OPTIONS);
    ImagingStudy study = ImagingStudyMapping.map(ctStudy(), patient.getIdPart(), OPTIONS);
    assertThat(study.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue())
        .contains("urn:dicom:uid|urn:oid:1.2.826.0.1.3680043.8.498.1");
    assertThat(study.getIdentifier()).anySatisfy(i -> {
      assertThat(i.getValue()).isEqualTo("A-2026-0042");
      assertThat(i.getType().getCodingFirstRep().getCode()).isEqualTo("ACSN");
    });
    assertThat(study.getModality()).extracting(c -> c.getCode()).containsExactly("CT");
    assertThat(study.getNumberOfSeries()).isEqualTo(2);
    assertThat(study.getNumberOfInstances()).isEqualTo(3);
    assertThat(study.getStartedElement().getValueAsString()).isEqualTo("2026-11-30T10:15:00+03:00");
    assertThat(study.getSubject().getReference()).isEqualTo("Patient/" + patient.getIdPart());
    assertThat(study.getIdPart()).isEqualTo(ImagingStudyMapping.idOf("1.2.826.0.1.3680043.8.498.1"));
  }

  @Test
  void patientIdWithIssuerUsesTheSameSystemAsHl7() {
    Patient patient = DicomPatientMapping.patient(IVANOV, "1.2.3", OPTIONS);
    assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("urn:oid:1.2.643.5.1.13.13.12.2.77.1");
    assertThat(patient.getIdPart()).isEqualTo(StableIds.patient("urn:oid:1.2.643.5.1.13.13.12.2.77.1", "MRN-1001"));
    assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Иванов");
    assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Иван Петрович");
  }

  @Test
  void disagreeingDemographicsAreNamed() {
    Patient known = DicomPatientMapping.patient(IVANOV, "1.2.3", OPTIONS);
    Patient typedAgain = DicomPatientMapping.patient(new DicomPatient("MRN-1001", "CLINIC", null, null,
        "ИВАНОВ^Иван^Петрович", "19800512", "F"), "1.2.3", OPTIONS);
    assertThat(DicomPatientMapping.disagreements(known, typedAgain)).containsExactly("birthDate", "gender");
    Patient sameButSparse = DicomPatientMapping.patient(new DicomPatient("MRN-1001", "CLINIC", null, null,
        "иванов", null, null), "1.2.3", OPTIONS);
    assertThat(DicomPatientMapping.disagreements(known, sameButSparse)).isEmpty();
  }

  private static void assertGolden(String name, DicomStudy study) throws IOException {
    Patient patient = DicomPatientMapping.patient(study.patient(), study.studyInstanceUid(), OPTIONS);
    ImagingStudy imaging = ImagingStudyMapping.map(study, patient.getIdPart(), OPTIONS);
    R4Validator.assertValid(patient);
    R4Validator.assertValid(imaging);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.addEntry().setResource(patient);
    bundle.addEntry().setResource(imaging);
    String json = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle) + "\n";
    Path golden = Hl7Samples.directory().resolveSibling("dicom").resolve("golden").resolve(name + ".fhir.json");
    if (Boolean.getBoolean("medbroker.golden.regenerate")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, json, StandardCharsets.UTF_8);
      Assumptions.abort("regenerated " + golden.getFileName());
    }
    assertThat(golden).as("golden file; run with -Dmedbroker.golden.regenerate=true and review it").exists();
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), json, name);
  }
}
