package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.testsupport.ChildBroker;
import org.medbroker.engine.testsupport.TestMis;

/**
 * The broker as a separate process and the MIS misbehaving in turn while results arrive: refusing
 * connections, then swallowing messages without an ACK, then answering AE, then back. Every result
 * arrives, once, in order per patient.
 */
class MisOutageChildBrokerTest {

    private static final int PER_PHASE = 100;
    private static final int PATIENTS = 7;

    @TempDir
    Path dir;

    @Test
    void everythingArrivesOnceAndInOrderPerPatientAfterRefusingHangingAndAe() throws Exception {
        int mllpPort = ChildBroker.freePort();
        try (TestMis mis = TestMis.start()) {
            Path config = DestinationTestConfig.write(dir, ChildBroker.freePort(), mllpPort, """
                    - name: mis
                      type: hl7-mllp
                      address: 127.0.0.1:%d
                      ackTimeout: 500ms
                      initialBackoff: 50ms
                      maxBackoff: 300ms
                      maxAttempts: 100000
                    """.formatted(mis.port()));
            List<String> sent = new ArrayList<>();
            try (ChildBroker broker = ChildBroker.start(config, "mis-outage-broker")) {
                broker.awaitPort(mllpPort);
                try (MllpTestClient client = new MllpTestClient(mllpPort)) {
                    int n = 0;
                    for (TestMis.Mode mode : List.of(TestMis.Mode.REFUSE, TestMis.Mode.HANG, TestMis.Mode.ERROR)) {
                        mis.mode(mode);
                        for (int i = 0; i < PER_PHASE; i++, n++) {
                            String id = "O-" + n;
                            String ack = client.send(OutboundMessages.oru(id, "P" + (n % PATIENTS)), StandardCharsets.UTF_8);
                            assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
                            sent.add(id);
                        }
                        int phase = n;
                        TestMis.await(Duration.ofSeconds(120), () -> switch (mode) {
                            case HANG -> mis.hung() >= 2;
                            case ERROR -> mis.answeredAe() >= 2;
                            default -> true;
                        }, "the MIS to misbehave as " + mode + " after " + phase + " messages");
                    }
                }
                assertThat(mis.acceptedCount()).isZero();
                mis.mode(TestMis.Mode.ACCEPT);
                TestMis.await(Duration.ofSeconds(180), () -> mis.acceptedCount() == sent.size(), "every result at the MIS");
                assertThat(broker.stop()).isTrue();
            }
            List<TestMis.Received> received = mis.acceptedInOrder();
            assertThat(received.stream().map(r -> r.field("OBR", 3)).toList()).containsExactlyInAnyOrderElementsOf(sent);
            Map<String, List<Integer>> perPatient = new HashMap<>();
            for (TestMis.Received r : received) {
                perPatient.computeIfAbsent(r.field("PID", 3), k -> new ArrayList<>())
                        .add(Integer.parseInt(r.field("OBR", 3).substring(2)));
            }
            assertThat(perPatient).hasSize(PATIENTS);
            perPatient.forEach((patient, numbers) -> assertThat(numbers).as("order for %s", patient).isSorted());
            assertThat(mis.repeats()).isZero();
        }
    }
}
