package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.testsupport.ChildBroker;
import org.medbroker.engine.testsupport.TestMis;

/**
 * The broker as a child process, SIGKILLed while 8 senders push 3,200 results that it forwards to a
 * test MIS. After the restart: every message is stored as processed exactly once, the senders'
 * resends (same MSH-10) are deduplicated, and the MIS, discarding repeated control ids, holds every
 * result exactly once and in order per patient.
 */
class OutboundCrashRecoveryTest {

    private static final int SENDERS = 8;
    private static final int PER_SENDER = 400;
    private static final int KILL_AFTER_ACKS = 1_200;
    private static final long PACE_MILLIS = 5;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedResultReachesTheMisExactlyOnceAcrossSigkill() throws Exception {
        int mllpPort = ChildBroker.freePort();
        try (TestMis mis = TestMis.start()) {
            Path config = DestinationTestConfig.write(dir, ChildBroker.freePort(), mllpPort, """
                    - name: mis
                      type: hl7-mllp
                      address: 127.0.0.1:%d
                      initialBackoff: 50ms
                      maxBackoff: 500ms
                      ackTimeout: 5s
                    """.formatted(mis.port()),
                    // The store applier may not wait for the senders to stop: the kill must find it working.
                    "maxApplyDelay: 1s");

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            Map<Integer, Integer> resumeAt = new ConcurrentHashMap<>();
            AtomicInteger acks = new AtomicInteger();
            try (ChildBroker broker = ChildBroker.start(config, "outbound-crash-broker")) {
                broker.awaitPort(mllpPort);
                CountDownLatch done = new CountDownLatch(SENDERS);
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    Thread thread = new Thread(() -> {
                        int i = 0;
                        try (MllpTestClient client = new MllpTestClient(mllpPort)) {
                            for (; i < PER_SENDER; i++) {
                                String id = id(sender, i);
                                String ack = client.send(OutboundMessages.oru(id, patient(sender, i)), StandardCharsets.UTF_8);
                                if ("AA".equals(MllpTestClient.field(ack, "MSA", 1))) {
                                    acknowledged.add(id);
                                    acks.incrementAndGet();
                                    // Instruments send at a pace, not in one burst: the store applier and the
                                    // MIS delivery run while messages arrive, so the kill hits all three.
                                    // Slower once enough are acknowledged, so the kill finds messages still to send
                                    // however fast the listener acknowledges compared with the store applier.
                                    Thread.sleep(acks.get() >= KILL_AFTER_ACKS ? 10 * PACE_MILLIS : PACE_MILLIS);
                                } else {
                                    break;
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException connectionLost) {
                            // the broker died with message i in flight: the sender resends it after the restart
                        } finally {
                            resumeAt.put(sender, i);
                            done.countDown();
                        }
                    }, "sender-" + s);
                    thread.start();
                }
                // Killed while both sides are busy: senders waiting for ACKs and the MIS receiving results.
                TestMis.await(Duration.ofSeconds(120), () -> acks.get() >= KILL_AFTER_ACKS && mis.acceptedCount() >= 100,
                        "acknowledgements and deliveries before the kill");
                broker.kill();
                done.await();
            }
            int deliveredBeforeKill = mis.acceptedCount();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS).hasSizeLessThan(SENDERS * PER_SENDER);

            Map<String, String> resentAcks = new HashMap<>();
            try (ChildBroker restarted = ChildBroker.start(config, "outbound-crash-broker-restarted")) {
                restarted.awaitPort(mllpPort);
                List<Thread> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    Thread thread = new Thread(() -> {
                        try (MllpTestClient client = new MllpTestClient(mllpPort)) {
                            // Two already acknowledged messages again, as a sender that lost those ACKs would:
                            // they must be answered AA and stored as duplicates, not forwarded again.
                            for (int i = Math.max(0, resumeAt.get(sender) - 2); i < PER_SENDER; i++) {
                                String id = id(sender, i);
                                String ack = client.send(OutboundMessages.oru(id, patient(sender, i)), StandardCharsets.UTF_8);
                                synchronized (resentAcks) {
                                    resentAcks.put(id, MllpTestClient.field(ack, "MSA", 1));
                                }
                            }
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    senders.add(thread);
                    thread.start();
                }
                for (Thread thread : senders) {
                    thread.join(180_000);
                }
                assertThat(resentAcks.values()).containsOnly("AA");
                TestMis.await(Duration.ofSeconds(180), () -> mis.acceptedCount() >= SENDERS * PER_SENDER,
                        "every result at the MIS");
                Thread.sleep(500); // nothing more may arrive: checked below
                assertThat(restarted.stop()).isTrue();
            }

            Map<String, Integer> processed = new LinkedHashMap<>();
            int duplicates;
            try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("data/store/medbroker")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
                try (PreparedStatement select = connection.prepareStatement("SELECT control_id FROM message WHERE status = 'processed'");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        processed.merge(rows.getString(1), 1, Integer::sum);
                    }
                }
                try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM message WHERE status = 'duplicate'");
                        ResultSet rows = select.executeQuery()) {
                    rows.next();
                    duplicates = rows.getInt(1);
                }
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT COUNT(*) FROM outbound_queue WHERE status <> 'delivered'");
                        ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("undelivered queue rows").isZero();
                }
            }
            assertThat(processed.values()).as("each message processed once").containsOnly(1);
            assertThat(processed.keySet()).containsAll(acknowledged).hasSize(SENDERS * PER_SENDER);
            assertThat(duplicates).as("resends deduplicated").isGreaterThanOrEqualTo(SENDERS);

            List<TestMis.Received> atMis = mis.acceptedInOrder();
            List<String> markers = atMis.stream().map(r -> r.field("OBR", 3)).toList();
            assertThat(markers).as("every result once at the MIS").doesNotHaveDuplicates().hasSize(SENDERS * PER_SENDER)
                    .containsAll(acknowledged);
            Map<String, List<Integer>> perPatient = new HashMap<>();
            for (TestMis.Received received : atMis) {
                String marker = received.field("OBR", 3);
                perPatient.computeIfAbsent(received.field("PID", 3), k -> new ArrayList<>())
                        .add(Integer.parseInt(marker.substring(marker.indexOf('-') + 1)));
            }
            perPatient.forEach((patient, numbers) -> assertThat(numbers).as("order for %s", patient).isSorted());
            System.out.printf("outbound crash test: %d acknowledged before SIGKILL, %d delivered before it, %d repeats discarded by the MIS,"
                    + " %d duplicates stored%n", acknowledged.size(), deliveredBeforeKill, mis.repeats(), duplicates);
        }
    }

    private static String id(int sender, int i) {
        return "S" + sender + "-" + i;
    }

    private static String patient(int sender, int i) {
        return "P" + sender + "x" + (i % 5);
    }
}
