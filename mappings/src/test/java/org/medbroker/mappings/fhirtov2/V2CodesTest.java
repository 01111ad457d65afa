package org.medbroker.mappings.fhirtov2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.hl7v2.CodeSystems;
import org.medbroker.mappings.hl7v2.Hl7v2Parser;
import org.medbroker.mappings.hl7v2.Hl7v2ToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingOptions;

/** Systems back to v2 names, escaping and timestamps: each is read back by the inbound mapping as it was. */
class V2CodesTest {

    private static final MappingOptions OPTIONS = MappingOptions.defaults()
            .withIdentifierSystems(Map.of("GKB1", "urn:oid:1.2.643.5.1.13.3.25.77.1"));

    @Test
    void everyIdentifierSystemComesBackFromItsAssigningAuthority() {
        V2Codes codes = new V2Codes(OPTIONS);
        for (String system : List.of(MappingOptions.SNILS_SYSTEM, "urn:oid:1.2.643.5.1.13.3.25.77.1", "urn:medbroker:authority:GKB%202",
                "urn:oid:1.2.3.4", "urn:uuid:2f1e0c9a-52a4-4a4b-9d8e-3a2b1c0d9e8f", "urn:medbroker:astm:laboratory-patient-id",
                "https://id.clinic.example/mrn")) {
            String[] hd = codes.authority(system);
            assertThat(CodeSystems.forAuthority(OPTIONS, blank(hd[0]), blank(hd[1]), blank(hd[2]))).as(system).isEqualTo(system);
        }
        assertThat(codes.authority(MappingOptions.SNILS_SYSTEM)).containsExactly("SNILS", "", "");
    }

    @Test
    void codingSystemsHaveTheirTable0396Names() {
        V2Codes codes = new V2Codes(OPTIONS);
        assertThat(codes.codingSystem("http://loinc.org")).isEqualTo("LN");
        assertThat(codes.codingSystem("http://terminology.hl7.org/CodeSystem/v2-0487")).isEqualTo("HL70487");
        assertThat(codes.codingSystem("urn:medbroker:codesystem:LIS")).isEqualTo("LIS");
        assertThat(codes.codingSystem("urn:oid:1.2.643.5.1.13.13.11.1080")).isEqualTo("1.2.643.5.1.13.13.11.1080");
        assertThat(codes.codingSystem("urn:medbroker:astm:hematology-xn:test")).isEqualTo("L");
    }

    @Test
    void delimitersInValuesAreEscapedAndReadBack() throws Exception {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.addIdentifier().setSystem("urn:medbroker:authority:GKB1").setValue("A|B^C&D~E\\F");
        patient.addName().setFamily("O'Brien^Smith").addGiven("Anne & Co");
        Observation observation = new Observation();
        observation.setId("o1");
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setSubject(new Reference("Patient/p1"));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8310-5", "Body temperature")));
        observation.setValue(new Quantity().setValue(36.6).setUnit("Cel").setSystem("http://unitsofmeasure.org").setCode("Cel"));
        observation.setEffective(new DateTimeType("2024-06-27T13:54:07.250Z"));
        observation.addNote().setText("line one\nline two | with pipe");
        String oru = new OruR01Builder(OPTIONS).build(List.of(patient, observation),
                new OruHeader("MEDBROKER", "A&B", "", "", Instant.parse("2024-06-27T11:00:00Z"), "MB7.ABCD"));
        assertThat(oru).contains("|A\\T\\B|", "A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F^^^GKB1", "|20240627135407.250+0000|");

        List<Resource> back = new Hl7v2ToFhirMapper(OPTIONS).map(Hl7v2Parser.shared().parse(oru)).resources();
        Patient patientBack = back.stream().filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
        assertThat(patientBack.getIdentifierFirstRep().getValue()).isEqualTo("A|B^C&D~E\\F");
        assertThat(patientBack.getNameFirstRep().getFamily()).isEqualTo("O'Brien^Smith");
        assertThat(patientBack.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Anne & Co");
        Observation observationBack = back.stream().filter(Observation.class::isInstance).map(Observation.class::cast).findFirst()
                .orElseThrow();
        assertThat(observationBack.getEffectiveDateTimeType().getValue()).isEqualTo(observation.getEffectiveDateTimeType().getValue());
        assertThat(observationBack.getNoteFirstRep().getText()).contains("line one").contains("line two | with pipe");
    }

    private static String blank(String value) {
        return value.isEmpty() ? null : value;
    }
}
