package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;

/** A {@code webhook} destination against a real HTTP server that checks the HMAC signature. */
class WebhookDestinationTest {

    private static final String SECRET = "webhook-secret-0123456789";

    @TempDir
    Path dir;

    private HttpServer server;
    private volatile int status = 200;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("X-Medbroker-Signature");
            String timestamp = signature.substring(2, signature.indexOf(','));
            String expected = "t=" + timestamp + ",v1=" + WebhookTransport.sign(SECRET, timestamp + "." + body);
            boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
            int answer = status;
            if (!expected.equals(signature) || !fresh) {
                badSignatures.add(signature);
                answer = 401;
            } else if (answer == 200) {
                bodies.add(body);
                idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            }
            byte[] reply = (answer == 400 ? "patient unknown here" : "ok").getBytes(StandardCharsets.UTF_8);
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
    void postsSignedEventsRetriesServerErrorsAndKeepsRejections() throws Exception {
        Path config = DestinationTestConfig.write(dir, """
                - name: hook
                  type: webhook
                  url: http://127.0.0.1:%d/hook
                  secret: %s
                  timeout: 5s
                  maxAttempts: 1
                  initialBackoff: 50ms
                  maxBackoff: 200ms
                """.formatted(server.getAddress().getPort(), SECRET));
        try (Broker broker = Broker.start(new ConfigLoader(Map.of()).load(config))) {
            status = 503;
            send(broker, "W-1");
            TestMis.await(Duration.ofSeconds(30), () -> count(broker, "outcome = 'unavailable'") >= 2, "retries of a 503");
            status = 200;
            TestMis.await(Duration.ofSeconds(30), () -> bodies.size() == 1, "delivery once the endpoint is back");
            assertThat(bodies.get(0)).startsWith("{\"type\":\"message\",\"id\":\"" + ControlIds.stable(1, "hook") + "\",\"journalSeq\":1,")
                    .contains("\"hl7\":\"MSH|^~\\\\&|MEDBROKER|MEDBROKER|").contains("|W-1|");
            assertThat(idempotencyKeys).containsExactly(ControlIds.stable(1, "hook"));
            assertThat(badSignatures).isEmpty();

            status = 400;
            send(broker, "W-2");
            TestMis.await(Duration.ofSeconds(30), () -> count(broker, "outcome = 'rejected'") == 1, "a rejection");
            try (Connection connection = broker.store().dataSource().getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "SELECT status, last_error FROM outbound_queue WHERE message_id = 2");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("dead");
                assertThat(rows.getString(2)).isEqualTo("AE: HTTP 400: patient unknown here");
            }
            assertThat(count(broker, "outcome = 'unavailable' AND message_id = 1")).isGreaterThanOrEqualTo(2);
            assertThat(bodies).hasSize(1);
        }
    }

    private static void send(Broker broker, String controlId) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            client.send(OutboundMessages.oru(controlId, "P1"), StandardCharsets.UTF_8);
        }
    }

    private static int count(Broker broker, String where) {
        try (Connection connection = broker.store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM outbound_attempt WHERE " + where);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
