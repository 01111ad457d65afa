package org.medbroker.engine.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.engine.fhir.FhirServer.READER;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.testsupport.TestDatabase;

/** Without an audit trail the endpoint sends no patient data. */
class AuditFailureTest {

    @Test
    void sendsNoDataWhenTheAccessCannotBeAudited() throws Exception {
        try (FhirServer server = FhirServer.start(TestDatabase.Kind.H2)) {
            try (Connection connection = server.recordStore.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE audit_event RENAME TO audit_event_gone");
            }

            for (String request : new String[] {"Patient/p1", "Patient?identifier=" + ClinicData.MRN, "Observation?patient=p1"}) {
                HttpResponse<String> response = server.get(request, READER);

                assertThat(response.statusCode()).as(request).isEqualTo(500);
                assertThat(response.body()).as(request).doesNotContain(ClinicData.FAMILY, ClinicData.MRN, "\"Observation\"");
                assertThat(FhirServer.parse(response.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics())
                        .startsWith("MB-0540");
            }
        }
    }
}
