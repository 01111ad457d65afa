package org.medbroker.engine.outbound;

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
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;
import org.medbroker.engine.testsupport.TestPostgres;

/**
 * PostgreSQL stopped under a running broker (store.whenUnavailable: refuse, the default;
 * docs/durability.md): while the store is down the listener answers AE so the sender keeps its
 * messages, /health is DOWN, nothing new reaches the MIS; when PostgreSQL is back the listener
 * accepts again by itself, and every message is stored once and delivered once.
 */
class StoreOutageTest {

    @TempDir
    Path dir;

    @Test
    void listenersRefuseWhileTheStoreIsDownAndEverythingIsDeliveredOnceAfter() throws Exception {
        try (TestPostgres pg = TestPostgres.start(); TestMis mis = TestMis.start()) {
            Path config = dir.resolve("medbroker.yaml");
            Files.writeString(config, """
                    dataDir: data
                    store:
                      jdbcUrl: "%s"
                      username: postgres
                    http:
                      bind: 127.0.0.1
                      port: 0
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
                        initialBackoff: 50ms
                        maxBackoff: 500ms
                    routes:
                      - from: lab
                        to: [store, mis]
                    """.formatted(pg.jdbcUrl(), mis.port()));
            try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
                send(broker, 0, 20);
                TestMis.await(Duration.ofSeconds(30), () -> mis.acceptedCount() == 20, "deliveries before the outage");

                pg.stopServer();
                TestMis.await(Duration.ofSeconds(30), () -> health(broker).statusCode() == 503, "/health to report the store");
                assertThat(health(broker).body()).contains("\"store\":{\"status\":\"DOWN\"");
                TestMis.await(Duration.ofSeconds(30), () -> firstAck(broker, 20).equals("AE"),
                        "the listener to refuse what it cannot store");
                assertThat(send(broker, 20, 50)).as("refused while the store is down: the senders keep them")
                        .containsOnly("AE");
                assertThat(mis.acceptedCount()).isEqualTo(20);

                pg.startServer();
                TestMis.await(Duration.ofSeconds(60), () -> firstAck(broker, 20).equals("AA"),
                        "the listener to accept again by itself");
                assertThat(send(broker, 21, 50)).as("resent after the outage").containsOnly("AA");
                TestMis.await(Duration.ofSeconds(90), () -> mis.acceptedCount() == 50, "every result at the MIS");
                TestMis.await(Duration.ofSeconds(30), () -> health(broker).statusCode() == 200, "/health to recover");
                assertThat(mis.acceptedInOrder().stream().map(r -> r.field("OBR", 3))).doesNotHaveDuplicates().hasSize(50);
                assertThat(mis.repeats()).isZero();
                try (Connection connection = broker.store().dataSource().getConnection();
                        PreparedStatement select = connection.prepareStatement(
                                "SELECT COUNT(*), COUNT(DISTINCT control_id) FROM message WHERE status = 'processed'");
                        ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(50);
                    assertThat(rows.getInt(2)).isEqualTo(50);
                }
            }
        }
    }

    /** The answer to message {@code i}, or "none" when the listener could not be reached. */
    private static String firstAck(Broker broker, int i) {
        try {
            return send(broker, i, i + 1).get(0);
        } catch (Exception e) {
            return "none";
        }
    }

    private static List<String> send(Broker broker, int from, int to) throws Exception {
        List<String> acks = new ArrayList<>();
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            for (int i = from; i < to; i++) {
                String ack = client.send(OutboundMessages.oru("PG-" + i, "P" + (i % 4)), StandardCharsets.UTF_8);
                acks.add(MllpTestClient.field(ack, "MSA", 1));
            }
        }
        return acks;
    }

    private static HttpResponse<String> health(Broker broker) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + "/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
