package org.medbroker.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.outbound.OutboundMessages;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestMis;

/** {@code /admin/api} on a broker forwarding to a test MIS: search, view, dead letter, resend, reprocess, prune, audit. */
class AdminApiTest {

    private static final String ADMIN = "admin-api-token-0123456789";
    private static final String READER = "reader-api-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestMis mis;
    private Broker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        mis = TestMis.start();
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                http:
                  bind: 127.0.0.1
                  port: 0
                tokens:
                  - name: admin
                    secret: %s
                    scopes: [admin]
                  - name: reader
                    secret: %s
                    scopes: [fhir:read]
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: 0
                destinations:
                  - name: store
                    type: store
                  - name: mis
                    type: hl7-mllp
                    address: 127.0.0.1:%d
                    maxAttempts: 1
                    initialBackoff: 50ms
                    maxBackoff: 100ms
                routes:
                  - from: lab
                    to: [store, mis]
                """.formatted(ADMIN, READER, mis.port()));
        broker = Broker.start(new ConfigLoader(Map.of()).load(config));
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
        mis.close();
    }

    @Test
    void needsTheAdminScope() throws Exception {
        assertThat(call("GET", "/admin/api/messages", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/admin/api/messages", READER).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/admin/api/messages", ADMIN).statusCode()).isEqualTo(200);
    }

    @Test
    void searchesAndViewsMessagesWithTheirDeliveriesAndAuditsEveryRead() throws Exception {
        send(OutboundMessages.oru("IN-1", "P1"), OutboundMessages.oru("IN-2", "P2"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 2, "deliveries");
        String outboundId = mis.acceptedInOrder().get(1).controlId();
        TestMis.await(WAIT, () -> call("GET", "/admin/api/messages?destination=mis&deliveryStatus=delivered", ADMIN).body()
                .contains("IN-2"), "delivered rows");

        String byInbound = call("GET", "/admin/api/messages?listener=lab&status=processed&controlId=IN-1", ADMIN).body();
        assertThat(byInbound).contains("\"controlId\":\"IN-1\"").doesNotContain("IN-2").doesNotContain("raw");
        String byOutbound = call("GET", "/admin/api/messages?controlId=" + outboundId, ADMIN).body();
        assertThat(byOutbound).contains("\"controlId\":\"IN-2\"").doesNotContain("IN-1");
        assertThat(call("GET", "/admin/api/messages?since=2099-01-01T00:00:00Z", ADMIN).body()).isEqualTo("{\"messages\":[]}");

        HttpResponse<String> one = call("GET", "/admin/api/messages/2", ADMIN);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("\"raw\":\"MSH|^~\\\\&|LIS|CLINIC").contains("\"resourceType\":\"Observation\"")
                .contains("\"destination\":\"mis\"").contains("\"controlId\":\"" + outboundId + "\"")
                .contains("\"outcome\":\"delivered\"");
        assertThat(call("GET", "/admin/api/messages/99", ADMIN).statusCode()).isEqualTo(404);

        assertThat(StoreRows.column(broker, "SELECT action || ' ' || principal || ' ' || res_ids FROM audit_event WHERE res_type = 'Message' ORDER BY id"))
                .contains("read admin Message/2", "search admin Message/1");
    }

    @Test
    void releasesFromDeadLetterAndResendsWithTheSameControlId() throws Exception {
        mis.mode(TestMis.Mode.ERROR);
        send(OutboundMessages.oru("DL-1", "P1"));
        TestMis.await(WAIT, () -> call("GET", "/admin/api/messages?deliveryStatus=dead", ADMIN).body().contains("DL-1"),
                "dead letter");
        mis.mode(TestMis.Mode.ACCEPT);
        assertThat(call("POST", "/admin/api/messages/1/release?destination=nowhere", ADMIN).statusCode()).isEqualTo(409);
        assertThat(call("POST", "/admin/api/messages/1/release?destination=mis", ADMIN).statusCode()).isEqualTo(200);
        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "delivery after release");
        assertThat(call("POST", "/admin/api/messages/1/release?destination=mis", ADMIN).statusCode()).isEqualTo(409);

        assertThat(call("POST", "/admin/api/messages/1/resend?destination=mis", ADMIN).statusCode()).isEqualTo(200);
        TestMis.await(WAIT, () -> mis.repeats() == 1, "the resend, discarded by the MIS as a repeat of its control id");
        assertThat(mis.acceptedCount()).isEqualTo(1);
    }

    @Test
    void reprocessStoresTheMessageAndQueuesItWhereItsRoutesGo() throws Exception {
        send(OutboundMessages.oru("RP-1", "P1"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "delivery");
        // As if the mapping had failed when the message came in: status error, never queued.
        execute("DELETE FROM outbound_attempt");
        execute("DELETE FROM outbound_queue");
        execute("UPDATE message SET status = 'error', error_text = 'old mapping failed' WHERE id = 1");

        HttpResponse<String> reprocessed = call("POST", "/admin/api/messages/1/reprocess", ADMIN);
        assertThat(reprocessed.body()).contains("\"status\":\"processed\"");
        assertThat(StoreRows.column(broker, "SELECT status || '|' || COALESCE(error_text, '') FROM message WHERE id = 1")).containsExactly("processed|");
        TestMis.await(WAIT, () -> mis.repeats() == 1, "the reprocessed message sent again (same control id)");
    }

    @Test
    void prunesOldDeliveredMessagesButNeverUndeliveredOnes() throws Exception {
        send(OutboundMessages.oru("PR-1", "P1"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "delivery");
        TestMis.await(WAIT, () -> call("GET", "/admin/api/messages?deliveryStatus=delivered", ADMIN).body().contains("PR-1"),
                "marked delivered");
        mis.mode(TestMis.Mode.ERROR);
        send(OutboundMessages.oru("PR-2", "P2"));
        TestMis.await(WAIT, () -> call("GET", "/admin/api/messages?deliveryStatus=dead", ADMIN).body().contains("PR-2"),
                "dead letter");

        assertThat(call("POST", "/admin/api/prune?listener=lab&olderThan=0s", ADMIN).body()).isEqualTo("{\"deleted\":1}");
        assertThat(StoreRows.column(broker, "SELECT control_id FROM message")).containsExactly("PR-2");
        assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_queue WHERE message_id = 1")).containsExactly("0");
        assertThat(call("POST", "/admin/api/prune?listener=lab", ADMIN).statusCode()).isEqualTo(400);
    }

    private void send(String... messages) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            for (String message : messages) {
                assertThat(MllpTestClient.field(client.send(message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
