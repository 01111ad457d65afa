package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;

/** A {@code fhir} destination against an HTTP server that records the transaction Bundles it receives. */
class FhirDestinationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String TOKEN = "fhir-push-token-0123456789";

    @TempDir
    Path dir;

    private HttpServer server;
    private volatile int status = 200;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int answer = status;
            byte[] reply = (answer == 422
                    ? "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\",\"diagnostics\":\"unknown code system\"}]}"
                    : "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(answer, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void pushesATransactionOfConditionalUpdatesThatIsTheSameOnEveryRetry() throws Exception {
        Path config = DestinationTestConfig.write(dir, """
                - name: ehr
                  type: fhir
                  baseUrl: http://127.0.0.1:%d/fhir
                  bearerToken: %s
                  maxAttempts: 1
                  initialBackoff: 50ms
                  maxBackoff: 200ms
                """.formatted(server.getAddress().getPort(), TOKEN));
        try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
            status = 503;
            send(broker, "FH-1");
            TestMis.await(Duration.ofSeconds(30), () -> bodies.size() >= 2, "a retry after 503");
            status = 200;
            TestMis.await(Duration.ofSeconds(30), () -> delivered(broker) == 1, "delivery");

            assertThat(authorizations).containsOnly("Bearer " + TOKEN);
            assertThat(bodies).as("every retry sends the same transaction").containsOnly(bodies.get(0));
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, bodies.get(0));
            assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
            Bundle.BundleEntryComponent patientEntry = bundle.getEntry().stream()
                    .filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow();
            assertThat(patientEntry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
            assertThat(patientEntry.getRequest().getUrl()).startsWith("Patient?identifier=").endsWith("|MRN-1");
            assertThat(patientEntry.getFullUrl()).startsWith("urn:uuid:");
            List<Observation> observations = bundle.getEntry().stream().filter(e -> e.getResource() instanceof Observation)
                    .map(e -> (Observation) e.getResource()).toList();
            assertThat(observations).isNotEmpty().allSatisfy(o -> {
                assertThat(o.getSubject().getReference()).isEqualTo(patientEntry.getFullUrl());
                assertThat(o.getIdentifier()).extracting(Identifier::getSystem).contains(FhirTransactionBuilder.RESOURCE_ID_SYSTEM);
            });
            assertThat(bundle.getEntry()).allSatisfy(e -> {
                assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
                assertThat(e.getRequest().getUrl()).contains("?identifier=");
            });
            // No server ids are sent: the server matches on the conditions (the parser fills ids from fullUrl).
            assertThat(bodies.get(0)).doesNotContainPattern("\"resourceType\":\"[A-Za-z]+\",\"id\"");

            status = 422;
            send(broker, "FH-2");
            TestMis.await(Duration.ofSeconds(30), () -> lastError(broker, 2) != null, "a rejection");
            assertThat(lastError(broker, 2)).startsWith("AE: HTTP 422: ").contains("unknown code system");
        }
    }

    private static void send(Broker broker, String controlId) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            assertThat(MllpTestClient.field(client.send(OutboundMessages.oru(controlId, "MRN-1"), StandardCharsets.UTF_8), "MSA", 1))
                    .isEqualTo("AA");
        }
    }

    private static int delivered(Broker broker) {
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbound_queue WHERE status = 'delivered'");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastError(Broker broker, long id) {
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT last_error FROM outbound_queue WHERE message_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
