package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.LogCapture;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestMis;

/**
 * A destination's {@code transform:} list, end to end: HL7 in over MLLP, the test MIS (or a folder) receives the
 * edited message; a message a transform rejects is dead-lettered at once with the reason.
 */
class TransformDestinationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Charset CP1251 = Charset.forName("windows-1251");

    @TempDir
    Path dir;

    private TestMis mis;
    private Broker broker;

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
    }

    /** An ORU with two identifiers, a visit number, two OBX with analyzer codes, an NTE and a Z segment. */
    private static String oru(String controlId, String mrn, String name, String... codes) {
        List<String> segments = new ArrayList<>(List.of(
                "MSH|^~\\&|LIS|LAB|MEDBROKER|CLINIC|20240315101500+0300||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "PID|1||" + mrn + "^^^LAB^MR~SNILS-123^^^SNILS^SS||" + name + "||19800214|F",
                "PV1|1|O" + "|".repeat(17) + "V-77",
                "OBR|1|ORD-" + controlId + "|" + controlId + "|58410-2^CBC panel^LN|||20240315093000+0300"));
        for (int i = 0; i < codes.length; i++) {
            segments.add("OBX|" + (i + 1) + "|NM|" + codes[i] + "^" + codes[i] + "^L||5.5|10*9/L|||||F");
            segments.add("NTE|" + (i + 1) + "||checked");
        }
        segments.add("ZXX|1|vendor data");
        return String.join("\r", segments) + "\r";
    }

    private void startBroker(String destination) throws Exception {
        broker = Broker.start(new ConfigLoader(Map.of()).load(DestinationTestConfig.write(dir, destination)));
    }

    private void send(String... messages) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            for (String message : messages) {
                assertThat(MllpTestClient.field(client.send(message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            }
        }
    }

    /** Field n of every segment with the id (MSH counted from MSH-1). */
    private static List<String> fields(String message, String segment, int n) {
        return Arrays.stream(message.split("\r")).filter(l -> l.startsWith(segment + "|"))
                .map(l -> l.split("\\|", -1))
                .map(f -> {
                    int i = segment.equals("MSH") ? n - 1 : n;
                    return i < f.length ? f[i] : "";
                }).toList();
    }

    private String metrics() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + broker.httpPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitColumn(String sql, List<String> expected) throws InterruptedException {
        TestMis.await(WAIT, () -> {
            try {
                return StoreRows.column(broker, sql).equals(expected);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, sql + " = " + expected);
    }

    @Test
    void theMisReceivesTheOruWithEveryRuleKindApplied() throws Exception {
        Files.writeString(dir.resolve("codes.tsv"), "# analyzer code -> LOINC\nWBC^WBC^L\t6690-2^Leukocytes^LN\nHGB^HGB^L\t718-7^Hemoglobin^LN\n");
        startBroker("""
                - name: mis
                  type: hl7-mllp
                  address: 127.0.0.1:%d
                  sendingFacility: CLINIC-7
                  transform:
                    - set: PID-3.4
                      value: CLINIC
                    - copy: PID-3
                      to: PID-2
                    - clear: PV1-19
                    - removeSegments: [NTE, ZXX]
                    - map: OBX-3
                      table: codes.tsv
                      otherwise: reject
                    - map: PID-8
                      values: {F: "2", M: "1"}
                    - set: OBR-4.2
                      value: Complete blood count \\T\\ differential
                """.formatted(mis.port()));
        send(oru("IN-1", "MRN-1", "Test^Patient", "WBC", "HGB"));
        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "the delivery");

        String received = mis.acceptedInOrder().get(0).text();
        assertThat(fields(received, "MSH", 3)).containsExactly("MEDBROKER");
        assertThat(fields(received, "MSH", 4)).containsExactly("CLINIC-7");
        assertThat(fields(received, "MSH", 10)).containsExactly(ControlIds.stable(1, "mis"));
        assertThat(fields(received, "PID", 3)).containsExactly("MRN-1^^^CLINIC^MR~SNILS-123^^^SNILS^SS");
        assertThat(fields(received, "PID", 2)).containsExactly("MRN-1^^^CLINIC^MR");
        assertThat(fields(received, "PID", 8)).containsExactly("2");
        assertThat(fields(received, "PV1", 19)).containsExactly("");
        assertThat(fields(received, "OBX", 3)).containsExactly("6690-2^Leukocytes^LN", "718-7^Hemoglobin^LN");
        assertThat(fields(received, "OBX", 5)).containsExactly("5.5", "5.5");
        assertThat(fields(received, "OBR", 4)).containsExactly("58410-2^Complete blood count \\T\\ differential^LN");
        assertThat(received).doesNotContain("NTE|", "ZXX|");
        assertThat(received.split("\r")).extracting(s -> s.substring(0, 3)).containsExactly("MSH", "PID", "PV1", "OBR", "OBX", "OBX");
        awaitColumn("SELECT status FROM outbound_queue WHERE destination = 'mis'", List.of("delivered"));
    }

    @Test
    void aWindows1251MisReceivesCyrillicNamesInItsCharacterSetAndAKazakhLetterIsRejected() throws Exception {
        startBroker("""
                - name: mis
                  type: hl7-mllp
                  address: 127.0.0.1:%d
                  maxAttempts: 10
                  transform:
                    - charset: windows-1251
                """.formatted(mis.port()));
        try (LogCapture logs = LogCapture.root()) {
            send(oru("RU-1", "MRN-1", "Иванова^Анна^Сергеевна", "WBC"), oru("KZ-1", "MRN-2", "Сейткали^Әсел", "WBC"));
            TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "the delivery");
            awaitColumn("SELECT status FROM outbound_queue WHERE destination = 'mis' ORDER BY message_id", List.of("delivered", "dead"));
            assertThat(logs.text()).contains("MB-0795").doesNotContain("Әсел", "Сейткали", "MRN-2");
        }
        // The test MIS keeps what it read as ISO-8859-1, i.e. the bytes themselves.
        byte[] bytes = mis.acceptedInOrder().get(0).text().getBytes(StandardCharsets.ISO_8859_1);
        String received = new String(bytes, CP1251);
        assertThat(fields(received, "MSH", 18)).containsExactly("CP1251");
        assertThat(fields(received, "PID", 5)).containsExactly("Иванова^Анна^Сергеевна");
        assertThat(fields(received, "OBR", 3)).containsExactly("RU-1");
        assertThat(bytes).contains((byte) 0xC8).doesNotContain((byte) 0xD0); // 'И' in windows-1251; no UTF-8 lead byte

        assertThat(StoreRows.column(broker, "SELECT attempts || ':' || last_error FROM outbound_queue WHERE message_id = 2"))
                .containsExactly("1:MB-0791: PID-5 holds U+04D8 that windows-1251 cannot represent; the message is not sent rather"
                        + " than sent with '?' in its place");
        assertThat(mis.hung() + mis.answeredAe()).isZero();
    }

    @Test
    void aCodeTheMapLacksUnderOtherwiseRejectIsDeadLetteredAtOnceWithTheReason() throws Exception {
        startBroker("""
                - name: mis
                  type: hl7-mllp
                  address: 127.0.0.1:%d
                  maxAttempts: 10
                  initialBackoff: 50ms
                  maxBackoff: 200ms
                  transform:
                    - map: OBX-3.1
                      values: {WBC: 6690-2}
                      otherwise: reject
                """.formatted(mis.port()));
        send(oru("A-1", "PA", "Test^A", "WBC", "XYZ"), oru("A-2", "PA", "Test^A", "WBC"));
        awaitColumn("SELECT status FROM outbound_queue WHERE destination = 'mis' ORDER BY message_id", List.of("dead", "delivered"));

        assertThat(mis.acceptedInOrder()).extracting(r -> r.field("OBR", 3)).containsExactly("A-2");
        assertThat(mis.hung() + mis.answeredAe()).as("the rejected message never reached the MIS").isZero();
        String reason = "MB-0790: OBX-3.1 of OBX 2 is 'XYZ', which the inline values does not map (otherwise: reject); add it to the"
                + " table or choose otherwise: keep [transform 1: map OBX-3.1 through the inline values]";
        assertThat(StoreRows.column(broker, "SELECT attempts || ':' || last_error FROM outbound_queue WHERE message_id = 1")).containsExactly("1:" + reason);
        assertThat(StoreRows.column(broker, "SELECT outcome || ':' || COALESCE(ack_code, '-') || ':' || detail FROM outbound_attempt WHERE message_id = 1"))
                .containsExactly("rejected:-:" + reason);
        TestMis.await(WAIT, () -> {
            try {
                return metrics().contains("medbroker_outbound_dead_letter_total{destination=\"mis\"} 1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the dead-letter counter");
    }

    @Test
    void aFolderGetsTheTransformedMessageInItsCharacterSet() throws Exception {
        startBroker("""
                - name: archive
                  type: file
                  directory: outbox
                  transform:
                    - removeSegments: [ZXX]
                    - set: MSH-5
                      value: ARCHIVE
                    - charset: ISO-8859-5
                """);
        send(oru("F-1", "MRN-1", "Петров^Иван", "WBC"));
        Path file = dir.resolve("outbox").resolve(ControlIds.stable(1, "archive") + ".hl7");
        TestMis.await(WAIT, () -> Files.isRegularFile(file), "the file");
        String written = new String(Files.readAllBytes(file), Charset.forName("ISO-8859-5"));
        assertThat(fields(written, "MSH", 18)).containsExactly("8859/5");
        assertThat(fields(written, "MSH", 5)).containsExactly("ARCHIVE");
        assertThat(fields(written, "PID", 5)).containsExactly("Петров^Иван");
        assertThat(written).doesNotContain("ZXX|").contains("NTE|1||checked");
    }
}
