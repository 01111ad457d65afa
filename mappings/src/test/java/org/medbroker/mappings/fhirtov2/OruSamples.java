package org.medbroker.mappings.fhirtov2;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.mappings.astm.AstmSamples;

/**
 * The golden FHIR Bundles under {@code samples/astm} ({@code X.fhir.json}) and the ORU^R01 expected beside each
 * ({@code X.oru.hl7}: one segment a line, CR on the wire).
 */
final class OruSamples {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final OruHeader HEADER = new OruHeader("MEDBROKER", "MEDBROKER", "", "", Instant.parse("2024-06-27T11:00:00Z"), "MB1.TEST");

    private OruSamples() {}

    static Path directory() {
        return AstmSamples.directory();
    }

    static List<Path> bundles() {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".fhir.json")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The golden Bundle's resources, plus a stand-in Patient for each subject it references but does not hold (a
     * matched order's patient, which the broker reads from its store).
     */
    static List<Resource> resources(Path bundle) throws IOException {
        Bundle parsed = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(bundle, StandardCharsets.UTF_8));
        List<Resource> resources = new ArrayList<>(parsed.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList());
        Set<String> present = resources.stream().map(r -> r.fhirType() + "/" + r.getIdElement().getIdPart()).collect(Collectors.toSet());
        Set<String> missing = new LinkedHashSet<>();
        for (Resource resource : resources) {
            if (resource instanceof Observation o && o.getSubject().hasReference() && !present.contains(o.getSubject().getReference())) {
                missing.add(o.getSubject().getReference());
            }
        }
        for (String reference : missing) {
            String id = reference.substring("Patient/".length());
            Patient patient = new Patient();
            patient.setId(id);
            patient.addIdentifier().setSystem("urn:medbroker:authority:LIS").setValue(id.toUpperCase(java.util.Locale.ROOT))
                    .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")));
            patient.addName().setFamily("Petrov").addGiven("Ivan");
            patient.setGender(Enumerations.AdministrativeGender.MALE);
            patient.setBirthDateElement(new DateType("1961-02-03"));
            resources.add(0, patient);
        }
        return resources;
    }

    /** Whether every Observation of the bundle names its patient (else there is no ORU to build). */
    static boolean hasSubjects(Path bundle) throws IOException {
        return resources(bundle).stream().filter(Observation.class::isInstance).map(Observation.class::cast)
                .allMatch(Observation::hasSubject);
    }

    static Path oruFile(Path bundle) {
        return bundle.resolveSibling(bundle.getFileName().toString().replaceAll("\\.fhir\\.json$", ".oru.hl7"));
    }
}
