package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;
import org.medbroker.mappings.testing.R4Validator;

/**
 * Every sample message goes in over MLLP; every resource the FHIR endpoint then serves passes the
 * HAPI FHIR instance validator (R4 base).
 */
class EmittedResourcesAreValidTest {

    private static final List<String> TYPES = List.of("Patient", "ServiceRequest", "Specimen", "DiagnosticReport", "Observation");

    @TempDir
    Path dir;

    @Test
    void everyResourceServedAfterIngestingTheSamplesIsValidR4() throws Exception {
        List<Path> samples;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("user.dir")).resolve("../samples/hl7"))) {
            samples = files.filter(p -> p.toString().endsWith(".hl7")).sorted().toList();
        }
        assertThat(samples).hasSizeGreaterThan(10);
        FhirContext fhir = FhirContext.forR4Cached();
        List<Resource> served = new ArrayList<>();
        try (TestBroker broker = TestBroker.start(dir, null, null)) {
            int accepted = 0;
            try (MllpTestClient client = broker.client()) {
                for (Path sample : samples) {
                    String ack = client.send(Files.readAllBytes(sample));
                    accepted += "AA".equals(MllpTestClient.field(ack, "MSA", 1)) ? 1 : 0;
                }
            }
            assertThat(accepted).isGreaterThan(10);
            broker.awaitApplied();
            for (String type : TYPES) {
                String next = "/fhir/" + type + "?_count=50";
                while (next != null) {
                    Bundle page = fhir.newJsonParser().parseResource(Bundle.class, broker.get(next, TestBroker.TOKEN).body());
                    page.getEntry().forEach(e -> served.add((Resource) e.getResource()));
                    next = page.getLink("next") == null ? null : relative(page.getLink("next").getUrl());
                }
            }
        }
        assertThat(served).extracting(Resource::fhirType).contains("Patient", "Observation", "DiagnosticReport", "ServiceRequest");
        for (Resource resource : served) {
            R4Validator.assertValid(resource);
        }
    }

    private static String relative(String url) {
        int fhir = url.indexOf("/fhir");
        return url.substring(fhir);
    }
}
