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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.outbound.OutboundMessages;
import org.medbroker.engine.testsupport.LogCapture;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestMis;
import org.medbroker.engine.testsupport.TestPostgres;

/**
 * {@code retention: 30d} on two listeners, on H2 and on the test's own PostgreSQL, the broker restarted (the pruner runs at start): a
 * message older than the retention that was delivered, or never queued anywhere, is deleted with its
 * delivery rows and lookup keys; one whose delivery is pending or in dead letter stays, and so does
 * a younger one. The counter says how many went per listener; the log line holds no patient data.
 */
class RetentionPrunerTest {

    private static final String ADMIN = "admin-api-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void prunesOldDeliveredAndUnroutedMessagesButNeverUndeliveredOrYoungOnes(String store) throws Exception {
        try (TestMis mis = TestMis.start(); TestPostgres pg = store.equals("postgresql") ? TestPostgres.start() : null) {
            Path config = config(mis.port(), pg == null ? "" : """
                    store:
                      jdbcUrl: "%s"
                      username: postgres
                    """.formatted(pg.jdbcUrl()));
            try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
                send(broker, "lab", OutboundMessages.oru("YOUNG-1", "P1"), OutboundMessages.oru("OLD-DELIVERED", "P2"));
                send(broker, "lab2", OutboundMessages.oru("OLD-UNROUTED", "P3"));
                TestMis.await(WAIT, () -> mis.acceptedCount() == 2, "two deliveries");
                TestMis.await(WAIT, () -> queueStatus(broker, "OLD-DELIVERED").equals("delivered")
                        && queueStatus(broker, "YOUNG-1").equals("delivered"), "both marked delivered");
                mis.mode(TestMis.Mode.ERROR);
                send(broker, "lab", OutboundMessages.oru("OLD-DEAD", "P4"));
                TestMis.await(WAIT, () -> queueStatus(broker, "OLD-DEAD").equals("dead"), "dead letter");
                mis.mode(TestMis.Mode.REFUSE);
                send(broker, "lab", OutboundMessages.oru("OLD-PENDING", "P5"));
                TestMis.await(WAIT, () -> queueStatus(broker, "OLD-PENDING").equals("pending"), "pending while the MIS is away");
                assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM message_key")).containsExactly("5");
                execute(broker, "UPDATE message SET received_at = received_at - INTERVAL '40' DAY WHERE control_id LIKE 'OLD-%'");
            }

            try (LogCapture log = LogCapture.root(); Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
                TestMis.await(WAIT, () -> StoreRows.column(broker, "SELECT COUNT(*) FROM message").equals(List.of("3")),
                        "the pruner at start");
                assertThat(StoreRows.column(broker, "SELECT control_id FROM message ORDER BY id"))
                        .containsExactly("YOUNG-1", "OLD-DEAD", "OLD-PENDING");
                assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_queue q WHERE NOT EXISTS"
                        + " (SELECT 1 FROM message m WHERE m.id = q.message_id)")).containsExactly("0");
                assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_attempt a WHERE NOT EXISTS"
                        + " (SELECT 1 FROM message m WHERE m.id = a.message_id)")).containsExactly("0");
                assertThat(StoreRows.column(broker, "SELECT key_value FROM message_key ORDER BY message_id"))
                        .containsExactly("YOUNG-1", "OLD-DEAD", "OLD-PENDING");
                String metrics = get(broker, "/metrics");
                assertThat(metrics).contains("medbroker_journal_pruned_total{listener=\"lab\"} 1",
                        "medbroker_journal_pruned_total{listener=\"lab2\"} 1");
                TestMis.await(WAIT, () -> log.text().contains("MB-0760"), "the log line");
                assertThat(log.text()).contains("lab: MB-0760: pruned 1 journaled message(s)", "(retention 30d)", "lab2: MB-0760: pruned 1")
                        .doesNotContain("Test^Patient", "Patient", "P2", "P3", "OLD-");
            }
        }
    }

    private Path config(int misPort, String store) throws Exception {
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                %s
                http:
                  bind: 127.0.0.1
                  port: 0
                tokens:
                  - name: admin
                    secret: %s
                    scopes: [admin]
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: 0
                    retention: 30d
                  - name: lab2
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: 0
                    retention: 30d
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
                  - from: lab2
                    to: [store]
                """.formatted(store.stripTrailing(), ADMIN, misPort));
        return config;
    }

    private static void send(Broker broker, String listener, String... messages) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort(listener))) {
            for (String message : messages) {
                assertThat(MllpTestClient.field(client.send(message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            }
        }
        broker.applier().awaitApplied(broker.journal().durableSeq(), WAIT);
    }

    private static String queueStatus(Broker broker, String controlId) {
        List<String> status = StoreRows.column(broker, "SELECT q.status FROM outbound_queue q JOIN message m ON m.id = q.message_id"
                + " WHERE m.control_id = '" + controlId + "'");
        return status.isEmpty() ? "" : status.get(0);
    }

    private static String get(Broker broker, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path))
                .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void execute(Broker broker, String sql) throws Exception {
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
