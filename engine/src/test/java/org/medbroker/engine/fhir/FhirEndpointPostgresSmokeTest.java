package org.medbroker.engine.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.engine.fhir.FhirServer.READER;
import static org.medbroker.engine.fhir.FhirServer.matchIds;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medbroker.engine.store.audit.AuditEntry;
import org.medbroker.engine.testsupport.Fhir;
import org.medbroker.engine.testsupport.TestDatabase;

/** The FHIR endpoint over real HTTP on PostgreSQL (MEDBROKER_TEST_PG_URL): the main paths once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirEndpointPostgresSmokeTest {

    private FhirServer server;

    @BeforeAll
    void start() {
        server = FhirServer.start(TestDatabase.Kind.POSTGRESQL);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsSearchesPagesIncludesAndAudits() {
        Patient patient = FhirServer.parse(server.get("Patient/p1", READER).body(), Patient.class);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(ClinicData.FAMILY);
        assertThat(matchIds(server.search("Patient?identifier=" + enc(Fhir.MRN_SYSTEM + "|" + ClinicData.MRN) + "&name=" + enc("иван"))))
                .containsExactly("p1");

        List<Bundle> pages = server.allPages("Observation?patient=p1&_count=2");
        assertThat(pages.stream().flatMap(p -> matchIds(p).stream()).toList()).containsExactly("o2", "o3", "o4", "o5", "o1");

        Bundle reports = server.search("DiagnosticReport?patient=p1&date=2024-03&_include=DiagnosticReport:result");
        assertThat(matchIds(reports)).containsExactly("dr1");
        assertThat(reports.getEntry()).hasSize(4);

        assertThat(matchIds(server.search("Observation?_lastUpdated=gt" + enc("2024-06-01T08:00:05Z") + "&code=718-7,789-8")))
                .containsExactly("o6", "o7", "o1");
        assertThat(server.allPages("Observation/_history?_count=5").stream().mapToInt(p -> p.getEntry().size()).sum()).isEqualTo(8);

        AuditEntry last = server.auditLog.recent(1).get(0);
        assertThat(List.of(last.principal(), last.action(), last.resourceType(), last.outcome()))
                .containsExactly("mis", "history", "Observation", "200");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
