package org.medbroker.engine.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.engine.fhir.FhirServer.ADMIN;
import static org.medbroker.engine.fhir.FhirServer.NO_SCOPE;
import static org.medbroker.engine.fhir.FhirServer.READER;
import static org.medbroker.engine.fhir.FhirServer.matchIds;
import static org.medbroker.engine.fhir.FhirServer.parse;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.medbroker.engine.store.audit.AuditEntry;
import org.medbroker.engine.testsupport.Fhir;
import org.medbroker.engine.testsupport.LogCapture;
import org.medbroker.engine.testsupport.TestDatabase;

/** The FHIR endpoint over real HTTP on H2: every search parameter, paging, include, read, history, errors, auth, audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirEndpointTest {

    private FhirServer server;

    @BeforeAll
    void start() {
        server = FhirServer.start(TestDatabase.Kind.H2);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void readsAPatientAsJsonByDefaultWithItsCyrillicName() {
        HttpResponse<String> response = server.get("Patient/p1", READER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/fhir+json"));
        assertThat(response.headers().firstValue("ETag")).hasValue("W/\"1\"");
        Patient patient = parse(response.body(), Patient.class);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(ClinicData.FAMILY);
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo(ClinicData.GIVEN);
        assertThat(patient.getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void answersXmlWhenAskedFor() {
        HttpResponse<String> byFormat = server.get("Patient/p1?_format=xml", READER);
        HttpResponse<String> byAccept = server.get("Patient/p1", READER, "application/fhir+xml");

        assertThat(byFormat.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("xml"));
        assertThat(byAccept.body()).startsWith("<Patient").contains(ClinicData.FAMILY);
    }

    @Test
    void readsOlderVersionsAndHistory() {
        Observation first = parse(server.get("Observation/o1/_history/1", READER).body(), Observation.class);
        Observation current = parse(server.get("Observation/o1", READER).body(), Observation.class);
        Bundle history = server.search("Observation/o1/_history");

        assertThat(first.getValueQuantity().getValue().intValue()).isEqualTo(130);
        assertThat(current.getValueQuantity().getValue().intValue()).isEqualTo(131);
        assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        assertThat(history.getTotal()).isEqualTo(2);
        assertThat(history.getEntry()).extracting(e -> e.getResource().getMeta().getVersionId()).containsExactly("2", "1");
    }

    @Test
    void pagesThroughTypeHistory() {
        List<Bundle> pages = server.allPages("Observation/_history?_count=3");

        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).getTotal()).isEqualTo(8);
        List<String> versions = pages.stream().flatMap(p -> p.getEntry().stream())
                .map(e -> e.getResource().getIdElement().toUnqualified().getIdPart() + "/" + e.getResource().getMeta().getVersionId())
                .toList();
        assertThat(versions).hasSize(8).doesNotHaveDuplicates().startsWith("o1/2", "o7/1");
    }

    @Test
    void unknownIdsAnswer404WithAnOperationOutcome() {
        HttpResponse<String> unknown = server.get("Patient/nope", READER);
        HttpResponse<String> unknownVersion = server.get("Observation/o1/_history/9", READER);
        HttpResponse<String> unknownHistory = server.get("Observation/nope/_history", READER);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(parse(unknown.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics()).startsWith("MB-0544");
        assertThat(unknownVersion.statusCode()).isEqualTo(404);
        assertThat(unknownHistory.statusCode()).isEqualTo(404);
    }

    @Test
    void findsPatientsByIdentifierNameBirthdateAndGender() {
        assertThat(matchIds(server.search("Patient?identifier=" + enc(Fhir.MRN_SYSTEM + "|" + ClinicData.MRN)))).containsExactly("p1");
        assertThat(matchIds(server.search("Patient?identifier=" + ClinicData.MRN))).containsExactly("p1");
        assertThat(matchIds(server.search("Patient?identifier=" + enc("|" + ClinicData.MRN)))).isEmpty();
        assertThat(matchIds(server.search("Patient?name=" + enc("иван")))).containsExactly("p1");
        assertThat(matchIds(server.search("Patient?family=" + enc("ИВАНОВА") + "&given=" + enc("мар")))).containsExactly("p1");
        assertThat(matchIds(server.search("Patient?birthdate=1980-05"))).containsExactly("p1");
        assertThat(matchIds(server.search("Patient?gender=male"))).containsExactly("p2");
    }

    @Test
    void findsObservationsByPatientAndSubjectInEitherForm() {
        assertThat(matchIds(server.search("Observation?patient=p1&_count=50"))).containsExactly("o2", "o3", "o4", "o5", "o1");
        assertThat(matchIds(server.search("Observation?patient=Patient/p1&_count=50"))).hasSize(5);
        assertThat(matchIds(server.search("Observation?subject=Patient/p2"))).containsExactly("o6", "o7");
        assertThat(matchIds(server.search("Observation?subject=p2"))).containsExactly("o6", "o7");
        assertThat(matchIds(server.search("Observation?patient=Device/p2"))).isEmpty();
    }

    @Test
    void findsByCodeIdentifierStatusCategorySpecimenAndBasedOn() {
        assertThat(matchIds(server.search("Observation?code=" + enc("http://loinc.org|718-7")))).containsExactly("o4", "o6", "o1");
        assertThat(matchIds(server.search("Observation?code=HGB"))).containsExactly("o4", "o6", "o1");
        assertThat(matchIds(server.search("Observation?code=718-7,789-8"))).containsExactly("o2", "o4", "o6", "o7", "o1");
        assertThat(matchIds(server.search("Observation?identifier=" + enc("urn:medbroker:obs|OBS-o3")))).containsExactly("o3");
        assertThat(matchIds(server.search("Observation?status=final"))).containsExactly("o2", "o3", "o6", "o7", "o1");
        assertThat(matchIds(server.search("Observation?status=amended,preliminary"))).containsExactly("o4", "o5");
        assertThat(matchIds(server.search("Observation?patient=p2&category=" + enc(Fhir.CATEGORY_SYSTEM + "|laboratory")))).containsExactly("o6", "o7");
        assertThat(matchIds(server.search("Observation?specimen=s1&_count=50"))).hasSize(5);
        assertThat(matchIds(server.search("Observation?based-on=ServiceRequest/sr1&status=final&code=789-8"))).containsExactly("o2");
        assertThat(matchIds(server.search("Observation?_id=o1,o2"))).containsExactly("o2", "o1");
    }

    @Test
    void findsByDateWithPrefixesAndPrecision() {
        assertThat(matchIds(server.search("Observation?date=2024-03"))).containsExactly("o2", "o3", "o6", "o7", "o1");
        assertThat(matchIds(server.search("Observation?date=ge2024-03-05&date=lt2024-03-06"))).containsExactly("o2", "o6", "o7", "o1");
        assertThat(matchIds(server.search("Observation?date=gt2024-03"))).containsExactly("o4");
        assertThat(matchIds(server.search("Observation?date=lt2024-03"))).containsExactly("o5");
        assertThat(matchIds(server.search("Observation?date=2024-03-06"))).containsExactly("o3");
        assertThat(matchIds(server.search("Observation?date=le" + enc("2024-02-20T10:00:00Z")))).containsExactly("o5");
        assertThat(matchIds(server.search("Observation?date=2024-02,2024-04"))).containsExactly("o4", "o5");
    }

    @Test
    void findsReportsRequestsAndSpecimens() {
        assertThat(matchIds(server.search("DiagnosticReport?patient=p1&code=58410-2&status=final"))).containsExactly("dr1", "dr2");
        assertThat(matchIds(server.search("DiagnosticReport?date=2024-04"))).containsExactly("dr2");
        assertThat(matchIds(server.search("DiagnosticReport?result=o6"))).containsExactly("dr3");
        assertThat(matchIds(server.search("DiagnosticReport?category=LAB&identifier=REP-dr1"))).containsExactly("dr1");
        assertThat(matchIds(server.search("ServiceRequest?patient=p1&authored=2024-03-04&status=active&code=58410-2"))).containsExactly("sr1");
        assertThat(matchIds(server.search("ServiceRequest?specimen=s1&identifier=ORD-sr1"))).containsExactly("sr1");
        assertThat(matchIds(server.search("Specimen?identifier=BC-0001&patient=p1"))).containsExactly("s1");
        assertThat(matchIds(server.search("Specimen?type=BLD&collected=2024-03&status=available"))).containsExactly("s1");
    }

    @Test
    void pollsByLastUpdated() {
        String since = enc("2024-06-01T08:00:05Z");

        assertThat(matchIds(server.search("Observation?_lastUpdated=gt" + since))).containsExactly("o6", "o7", "o1");
        assertThat(matchIds(server.search("Observation?_lastUpdated=ge" + since + "&_lastUpdated=lt" + enc("2024-06-01T08:00:07Z"))))
                .containsExactly("o5", "o6");
        assertThat(matchIds(server.search("DiagnosticReport?_lastUpdated=2024-06-01"))).containsExactly("dr1", "dr2", "dr3");
    }

    @Test
    void pagesWithNextLinksUntilDone() {
        List<Bundle> pages = server.allPages("Observation?patient=p1&_count=2");

        assertThat(pages).extracting(Bundle::getTotal).containsOnly(5);
        assertThat(pages).extracting(p -> p.getEntry().size()).containsExactly(2, 2, 1);
        assertThat(pages.stream().flatMap(p -> matchIds(p).stream()).toList()).containsExactly("o2", "o3", "o4", "o5", "o1");
        assertThat(pages.get(2).getLink(Bundle.LINK_NEXT)).isNull();
    }

    @Test
    void pagesByOffsetWhenAskedTo() {
        List<Bundle> pages = server.allPages("Observation?patient=p1&_count=2&_offset=1");

        assertThat(pages.get(0).getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=3");
        assertThat(pages.stream().flatMap(p -> matchIds(p).stream()).toList()).containsExactly("o3", "o4", "o5", "o1");
        assertThat(server.get("Observation?_count=501&_offset=0", READER).statusCode()).isEqualTo(400);
        assertThat(server.get("Observation?_offset=-1", READER).statusCode()).isEqualTo(400);
    }

    @Test
    void sortsNewestFirstOnRequest() {
        assertThat(matchIds(server.search("Observation?patient=p1&_sort=-_lastUpdated"))).containsExactly("o1", "o5", "o4", "o3", "o2");
        assertThat(server.allPages("Observation?patient=p1&_sort=-_lastUpdated&_count=2").stream()
                .flatMap(p -> matchIds(p).stream()).toList()).containsExactly("o1", "o5", "o4", "o3", "o2");
    }

    @Test
    void includesReportResultsPerPage() {
        Bundle all = server.search("DiagnosticReport?patient=p1&_include=DiagnosticReport:result");

        assertThat(all.getTotal()).isEqualTo(2);
        assertThat(matchIds(all)).containsExactly("dr1", "dr2");
        assertThat(included(all)).containsExactlyInAnyOrder("Observation/o1", "Observation/o2", "Observation/o3", "Observation/o4");

        List<Bundle> pages = server.allPages("DiagnosticReport?patient=p1&_include=DiagnosticReport:result&_count=1");
        assertThat(pages).hasSize(2);
        assertThat(matchIds(pages.get(0))).containsExactly("dr1");
        assertThat(included(pages.get(0))).containsExactlyInAnyOrder("Observation/o1", "Observation/o2", "Observation/o3");
        assertThat(matchIds(pages.get(1))).containsExactly("dr2");
        assertThat(included(pages.get(1))).containsExactly("Observation/o4");
    }

    @Test
    void refusesWhatItDoesNotImplementWith400() {
        for (String query : List.of("Observation?foo=bar", "Observation?date=ap2024-03", "Observation?_sort=code",
                "Observation?code:text=x", "Observation?date=notadate", "Observation?subject.name=x",
                "DiagnosticReport?_include=DiagnosticReport:subject")) {
            HttpResponse<String> response = server.get(query, READER);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(parse(response.body(), OperationOutcome.class).hasIssue()).as(query).isTrue();
        }
    }

    @Test
    void refusesRequestsWithoutAKnownTokenWith401() {
        HttpResponse<String> none = server.get("Patient/p1", null);
        HttpResponse<String> wrong = server.get("Patient/p1", "not-a-token");
        HttpResponse<String> unknownType = server.get("Encounter?patient=p1", null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(parse(none.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics()).startsWith("MB-0530");
        assertThat(none.body()).doesNotContain(ClinicData.FAMILY);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(parse(wrong.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics()).startsWith("MB-0531");
        assertThat(unknownType.statusCode()).isEqualTo(401);
    }

    @Test
    void refusesATokenWithoutTheScopeWith403AndLetsAdminIn() {
        HttpResponse<String> noScope = server.get("Patient/p1", NO_SCOPE);
        HttpResponse<String> admin = server.get("Patient/p1", ADMIN);

        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(parse(noScope.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics()).startsWith("MB-0532");
        assertThat(noScope.body()).doesNotContain(ClinicData.FAMILY);
        assertThat(admin.statusCode()).isEqualTo(200);
    }

    @Test
    void describesWhatIsImplementedInMetadataWithoutAToken() {
        HttpResponse<String> response = server.get("metadata", null);

        assertThat(response.statusCode()).isEqualTo(200);
        CapabilityStatement statement = parse(response.body(), CapabilityStatement.class);
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        assertThat(rest.getSecurity().getDescription()).contains("Bearer");
        // HAPI's capability provider also serves OperationDefinition reads (there are none to read).
        assertThat(rest.getResource()).extracting(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
                .containsExactlyInAnyOrder("Patient", "Observation", "DiagnosticReport", "ServiceRequest", "Specimen", "ImagingStudy",
                        "OperationDefinition");
        for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            List<String> interactions = resource.getInteraction().stream().map(i -> i.getCode().toCode()).toList();
            if (resource.getType().equals("OperationDefinition")) {
                assertThat(interactions).containsExactly("read");
            } else {
                assertThat(interactions).containsExactlyInAnyOrder("read", "vread", "history-instance", "history-type", "search-type");
            }
        }
        CapabilityStatement.CapabilityStatementRestResourceComponent observation = resource(rest, "Observation");
        assertThat(observation.getSearchParam()).extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("patient", "subject", "code", "date", "status", "category", "identifier", "specimen", "based-on", "_lastUpdated")
                .doesNotContain("value-quantity", "performer");
        assertThat(resource(rest, "ImagingStudy").getSearchParam())
                .extracting(CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent::getName)
                .contains("patient", "identifier", "modality", "started", "_lastUpdated");
        assertThat(resource(rest, "DiagnosticReport").getSearchInclude()).extracting(i -> i.getValue())
                .containsExactly("DiagnosticReport:result");
    }

    @Test
    void auditsSearchesWithTheTokenNameAndTheReturnedIds() {
        server.search("DiagnosticReport?patient=p1&_include=DiagnosticReport:result");

        AuditEntry entry = server.auditLog.recent(1).get(0);
        assertThat(entry.principal()).isEqualTo("mis");
        assertThat(entry.action()).isEqualTo("search");
        assertThat(entry.resourceType()).isEqualTo("DiagnosticReport");
        assertThat(entry.resourceCount()).isEqualTo(6);
        assertThat(entry.resourceIds()).contains("DiagnosticReport/dr1", "DiagnosticReport/dr2", "Observation/o1", "Observation/o4");
        assertThat(entry.query()).isEqualTo("DiagnosticReport?patient=p1&_include=DiagnosticReport:result");
        assertThat(entry.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(entry.outcome()).isEqualTo("200");
        assertThat(entry.toString()).doesNotContain(READER);
    }

    @Test
    void auditsReadsPagesHistoryAndRefusals() {
        server.get("Patient/p1", READER);
        AuditEntry read = server.auditLog.recent(1).get(0);
        assertThat(List.of(read.principal(), read.action(), read.resourceType(), read.resourceIds(), read.outcome()))
                .containsExactly("mis", "read", "Patient", "Patient/p1", "200");

        Bundle first = server.search("Observation?patient=p1&_count=2");
        server.search(first.getLink(Bundle.LINK_NEXT).getUrl());
        AuditEntry page = server.auditLog.recent(1).get(0);
        assertThat(List.of(page.action(), page.resourceType(), page.resourceIds())).containsExactly("search", "Observation", "Observation/o4,Observation/o5");

        server.search("Observation/o1/_history");
        assertThat(server.auditLog.recent(1).get(0).action()).isEqualTo("history");

        server.get("Patient/nope", READER);
        AuditEntry notFound = server.auditLog.recent(1).get(0);
        assertThat(List.of(notFound.action(), notFound.outcome())).containsExactly("read", "404");
        assertThat(notFound.resourceCount()).isZero();

        server.get("Patient/p1", "guess");
        AuditEntry refused = server.auditLog.recent(1).get(0);
        assertThat(refused.principal()).isNull();
        assertThat(refused.outcome()).isEqualTo("401");

        server.get("Patient/p1", NO_SCOPE);
        AuditEntry forbidden = server.auditLog.recent(1).get(0);
        assertThat(List.of(forbidden.principal(), forbidden.outcome())).containsExactly("prometheus", "403");
    }

    @Test
    void doesNotAuditMetadata() {
        server.get("Patient/p2", READER);
        AuditEntry before = server.auditLog.recent(1).get(0);

        server.get("metadata", null);

        assertThat(server.auditLog.recent(1).get(0)).isEqualTo(before);
    }

    @Test
    void keepsPatientDataOutOfTheApplicationLog() {
        try (LogCapture logs = LogCapture.root()) {
            server.search("Patient?identifier=" + ClinicData.MRN + "&name=" + enc(ClinicData.FAMILY));
            server.get("Patient/p1", READER);
            server.get("Patient/" + ClinicData.MRN, READER);
            server.get("Patient?identifier:text=" + enc(ClinicData.FAMILY), READER);
            server.get("Patient?birthdate=" + enc(ClinicData.FAMILY), READER);
            server.get("Patient?name=" + enc(ClinicData.GIVEN), "wrong");

            assertThat(logs.text()).doesNotContain(ClinicData.FAMILY, ClinicData.GIVEN, ClinicData.MRN, "1980-05-17");
        }
    }

    private static List<String> included(Bundle bundle) {
        List<String> ids = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE) {
                ids.add(entry.getResource().getIdElement().toUnqualifiedVersionless().getValue());
            }
        }
        return ids;
    }

    private static CapabilityStatement.CapabilityStatementRestResourceComponent resource(
            CapabilityStatement.CapabilityStatementRestComponent rest, String type) {
        return rest.getResource().stream().filter(r -> r.getType().equals(type)).findFirst().orElseThrow();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
