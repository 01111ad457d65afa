package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestMis;

/** The broker forwarding to a test MIS over real MLLP: pass-through, filters, AE, outages, dead letter, health. */
class Hl7MllpDestinationTest {

    /** The {@code store:} section; empty for the embedded H2 store. */
    protected String storeSection() {
        return "";
    }

    /** Runs after the broker has stopped. */
    protected void afterBroker() {
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestMis mis;
    private Broker broker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startMis() throws Exception {
        mis = TestMis.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        mis.close();
        afterBroker();
    }

    private void startBroker(String destinationOptions) throws Exception {
        startBroker(destinationOptions, Map.of());
    }

    private void startBroker(String destinationOptions, Map<String, String> environment) throws Exception {
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                %s
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
                    sendingFacility: CLINIC-7
                    initialBackoff: 50ms
                    maxBackoff: 200ms
                    ackTimeout: 500ms
                %s
                routes:
                  - from: lab
                    to: [store, mis]
                """.formatted(storeSection(), mis.port(), destinationOptions.indent(4)));
        broker = Broker.start(new ConfigLoader(environment).load(config));
    }

    private void send(String... messages) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            for (String message : messages) {
                String ack = client.send(message, StandardCharsets.UTF_8);
                assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
            }
        }
    }

    private List<String> markers() {
        return mis.acceptedInOrder().stream().map(r -> r.field("OBR", 3)).toList();
    }

    @Test
    void forwardsResultsWithOurSendingFacilityAndAStableControlId() throws Exception {
        startBroker("");
        send(OutboundMessages.oru("IN-1", "P1"), OutboundMessages.oru("IN-2", "P2"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 2, "two deliveries");

        TestMis.Received first = mis.acceptedInOrder().get(0);
        assertThat(first.field("MSH", 3)).isEqualTo("MEDBROKER");
        assertThat(first.field("MSH", 4)).isEqualTo("CLINIC-7");
        assertThat(first.field("MSH", 10)).isEqualTo(ControlIds.stable(1, "mis")).hasSizeLessThanOrEqualTo(20);
        assertThat(first.field("OBR", 3)).isEqualTo("IN-1");
        assertThat(first.field("OBX", 3)).startsWith("6690-2");
        assertThat(markers()).containsExactly("IN-1", "IN-2");
        TestMis.await(WAIT, () -> {
            try {
                return StoreRows.column(broker, "SELECT status FROM outbound_queue WHERE destination = 'mis'").equals(List.of("delivered", "delivered"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "queue rows marked delivered");
        assertThat(StoreRows.column(broker, "SELECT outcome || ':' || ack_code FROM outbound_attempt ORDER BY message_id"))
                .containsExactly("delivered:AA", "delivered:AA");
        assertThat(mis.repeats()).isZero();

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("medbroker_outbound_delivered_total{destination=\"mis\"} 2")
                .contains("medbroker_outbound_queue_depth{destination=\"mis\"}");
    }

    @Test
    void filtersByMessageTypePatientClassAndTestCode() throws Exception {
        startBroker("""
                filter:
                  messageTypes: [ORU^R01]
                  patientClasses: [I]
                  testCodes: [6690-2, 718-7]
                """);
        send(OutboundMessages.oru("IN-1", "P1", "I", "6690-2"),
                OutboundMessages.oru("IN-2", "P1", "O", "6690-2"),
                OutboundMessages.oru("IN-3", "P1", "I", "1234-5"),
                OutboundMessages.adt("IN-4", "P1"),
                OutboundMessages.oru("IN-5", "P2", "I", "718-7"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 2, "the two matching results");
        assertThat(markers()).containsExactly("IN-1", "IN-5");
        assertThat(StoreRows.column(broker, "SELECT message_id FROM outbound_queue ORDER BY message_id")).containsExactly("1", "5");
    }

    @Test
    void aeKeepsTheMisErrorTextRetriesInOrderPerPatientAndDeliversWhenTheMisAccepts() throws Exception {
        mis.mode(TestMis.Mode.ERROR);
        startBroker("maxAttempts: 1000");
        send(OutboundMessages.oru("A-1", "PA"), OutboundMessages.oru("A-2", "PA"), OutboundMessages.oru("B-1", "PB"));
        TestMis.await(WAIT, () -> mis.answeredAe() >= 6, "several AE answers");
        assertThat(StoreRows.column(broker, "SELECT DISTINCT last_error FROM outbound_queue WHERE message_id = 1"))
                .singleElement().asString().contains("MIS-17 patient unknown in MIS");
        assertThat(StoreRows.column(broker, "SELECT DISTINCT outcome || ':' || ack_code FROM outbound_attempt")).containsExactly("rejected:AE");
        // A-2 waits behind A-1: the MIS has never been offered it.
        assertThat(StoreRows.column(broker, "SELECT attempts FROM outbound_queue WHERE message_id = 2")).containsExactly("0");

        mis.mode(TestMis.Mode.ACCEPT);
        TestMis.await(WAIT, () -> mis.acceptedCount() == 3, "all three delivered");
        List<String> order = markers();
        assertThat(order.indexOf("A-1")).isLessThan(order.indexOf("A-2"));
        assertThat(mis.repeats()).isZero();
    }

    @Test
    void aRejectedMessageGoesToDeadLetterAfterTheRetryLimitAndLaterOnesFollow() throws Exception {
        mis.mode(TestMis.Mode.ERROR);
        startBroker("maxAttempts: 2");
        send(OutboundMessages.oru("A-1", "PA"));
        TestMis.await(WAIT, () -> {
            try {
                return StoreRows.column(broker, "SELECT status FROM outbound_queue").equals(List.of("dead"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "dead letter");
        assertThat(mis.answeredAe()).isEqualTo(2);
        mis.mode(TestMis.Mode.ACCEPT);
        send(OutboundMessages.oru("A-2", "PA"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "the next message of the patient");
        assertThat(markers()).containsExactly("A-2");
        TestMis.await(WAIT, () -> get("/metrics").body().contains("medbroker_outbound_dead_letters{destination=\"mis\"} 1"),
                "dead letter gauge");
        assertThat(get("/metrics").body()).contains("medbroker_outbound_dead_letter_total{destination=\"mis\"} 1");
    }

    @Test
    void refusingThenHangingMisDegradesHealthAndLosesNothingWhenBack() throws Exception {
        mis.mode(TestMis.Mode.REFUSE);
        startBroker("alertAfter: 1s\nmaxAttempts: 1");
        List<String> sent = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "M-" + i;
            sent.add(id);
            messages.add(OutboundMessages.oru(id, "P" + (i % 3)));
        }
        send(messages.subList(0, 15).toArray(String[]::new));
        TestMis.await(WAIT, () -> get("/health").statusCode() == 503, "health to degrade");
        assertThat(get("/health").body()).contains("destination:mis").contains("undelivered");

        mis.mode(TestMis.Mode.HANG);
        send(messages.subList(15, 30).toArray(String[]::new));
        TestMis.await(WAIT, () -> mis.hung() >= 2, "the MIS to swallow messages without answering");
        mis.mode(TestMis.Mode.ACCEPT);

        TestMis.await(WAIT, () -> mis.acceptedCount() == 30, "everything delivered");
        assertThat(markers()).containsExactlyInAnyOrderElementsOf(sent);
        for (int patient = 0; patient < 3; patient++) {
            String mrn = "P" + patient;
            List<Integer> numbers = mis.acceptedInOrder().stream().filter(r -> r.field("PID", 3).startsWith(mrn + "^"))
                    .map(r -> Integer.parseInt(r.field("OBR", 3).substring(2))).toList();
            assertThat(numbers).as("order of %s", mrn).isSorted();
        }
        assertThat(mis.repeats()).isZero();
        // Outages are not the message's fault: maxAttempts 1 dead-letters nothing.
        assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_queue WHERE status = 'dead'")).containsExactly("0");
        assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_attempt WHERE outcome IN ('unreachable', 'timeout')").get(0))
                .isNotEqualTo("0");
        TestMis.await(WAIT, () -> get("/health").statusCode() == 200, "health to recover");
    }

    @Test
    void deliveryLogsCarryNoPatientDataNorTheMisErrorText() throws Exception {
        try (org.medbroker.engine.testsupport.LogCapture logs = org.medbroker.engine.testsupport.LogCapture.root()) {
            mis.mode(TestMis.Mode.ERROR);
            startBroker("maxAttempts: 2");
            send(OutboundMessages.oru("LOG-1", "MRN-SECRET-77"));
            TestMis.await(WAIT, () -> mis.answeredAe() >= 2, "rejections up to dead letter");
            mis.mode(TestMis.Mode.REFUSE);
            send(OutboundMessages.oru("LOG-2", "MRN-SECRET-77"));
            TestMis.await(WAIT, () -> logs.text().contains("MB-0722"), "an outage logged");
            String text = logs.text();
            assertThat(text).contains("MB-0724").contains("MB-0723").contains(ControlIds.stable(1, "mis"));
            assertThat(text).doesNotContain("MRN-SECRET-77", "19800214", "Test^Patient", "MIS-17", "patient unknown");
        }
    }

    @Test
    void aDisabledDestinationQueuesNothing() throws Exception {
        startBroker("enabled: ${MEDBROKER_MIS_MLLP:+true}", Map.of());
        send(OutboundMessages.oru("IN-1", "P1"));
        org.medbroker.engine.testsupport.TestMis.await(WAIT, () -> broker.applier().appliedSeq() == 1, "applied");
        assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_queue")).containsExactly("0");
        assertThat(StoreRows.column(broker, "SELECT status FROM message")).containsExactly("processed");
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.httpPort() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
