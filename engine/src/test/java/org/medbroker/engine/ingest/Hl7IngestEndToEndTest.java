package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;

/**
 * The whole inbound path over real sockets: MLLP in, journal, ACK, record store, FHIR out. Runs
 * once per store: {@link Hl7IngestOnH2Test} (the embedded default) and {@link Hl7IngestOnPostgresTest}.
 */
abstract class Hl7IngestEndToEndTest {

    @TempDir
    Path dir;

    TestBroker broker;

    /** The store's JDBC URL and user; null for the embedded H2 store. */
    abstract String[] store();

    @BeforeEach
    void start() throws Exception {
        String[] store = store();
        broker = TestBroker.start(dir, store == null ? null : store[0], store == null ? null : store[1]);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static String oru(String controlId, String msh18, String family, String given, String value, String resultStatus) {
        return String.join("\r",
                "MSH|^~\\&|LIS|CLINIC|MEDBROKER|CLINIC|20240315101500+0300||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1|||AL|NE||" + msh18,
                "PID|1||PAT-0042^^^CLINIC^MR~123-456-789 01^^^SNILS^SB||" + family + "^" + given + "^Петровна||19800214|F",
                "OBR|1|ORD-77|FIL-77|58410-2^CBC panel^LN|||20240315093000+0300",
                "OBX|1|NM|6690-2^WBC^LN||" + value + "|10*9/L|4.0-9.0|N|||" + resultStatus + "|||20240315100000+0300",
                "OBX|2|NM|718-7^Hemoglobin^LN||131|g/L|120-140|N|||" + resultStatus + "|||20240315100000+0300") + "\r";
    }

    @Test
    void acknowledgesAaAfterTheMessageIsInTheJournalAndServesItFromFhir() throws Exception {
        String ack;
        try (MllpTestClient client = broker.client()) {
            ack = client.send(oru("CTRL-1", "UNICODE UTF-8", "Иванова", "Мария", "5.6", "F"), StandardCharsets.UTF_8);
        }
        assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(MllpTestClient.field(ack, "MSA", 2)).isEqualTo("CTRL-1");
        assertThat(broker.broker().journal().durableSeq()).isEqualTo(1);

        broker.awaitApplied();
        assertThat(statusOf("CTRL-1")).containsExactly("processed");
        HttpResponse<String> patients = broker.get("/fhir/Patient?identifier=PAT-0042", TestBroker.TOKEN);
        assertThat(patients.statusCode()).isEqualTo(200);
        assertThat(patients.body()).contains("Иванова").contains("Мария");
        HttpResponse<String> observations = broker.get("/fhir/Observation?code=6690-2", TestBroker.TOKEN);
        assertThat(observations.body()).containsPattern("\"value\":\\s*5.6");
    }

    @Test
    void keepsCyrillicNamesInEveryCharacterSet() throws Exception {
        try (MllpTestClient client = broker.client()) {
            assertThat(MllpTestClient.field(client.send(oru("CS-UTF8", "UNICODE UTF-8", "Утфов", "Олег", "5", "F")
                    .replace("PAT-0042", "P-UTF8").replace("123-456-789 01", "111-111-111 11"), StandardCharsets.UTF_8), "MSA", 1))
                    .isEqualTo("AA");
            assertThat(MllpTestClient.field(client.send(oru("CS-8859-5", "8859/5", "Кириллов", "Пётр", "5", "F")
                    .replace("PAT-0042", "P-8859").replace("123-456-789 01", "222-222-222 22"), Charset.forName("ISO-8859-5")), "MSA", 1))
                    .isEqualTo("AA");
            assertThat(MllpTestClient.field(client.send(oru("CS-1251", "", "Виндоусова", "Юлия", "5", "F")
                    .replace("PAT-0042", "P-1251").replace("123-456-789 01", "333-333-333 33"), Charset.forName("windows-1251")), "MSA", 1))
                    .isEqualTo("AA");
        }
        broker.awaitApplied();
        assertThat(broker.get("/fhir/Patient?identifier=P-UTF8", TestBroker.TOKEN).body()).contains("Утфов", "Олег");
        assertThat(broker.get("/fhir/Patient?identifier=P-8859", TestBroker.TOKEN).body()).contains("Кириллов", "Пётр");
        assertThat(broker.get("/fhir/Patient?identifier=P-1251", TestBroker.TOKEN).body()).contains("Виндоусова", "Юлия");
    }

    @Test
    void acknowledgesARepeatedControlIdAaButProcessesItOnce() throws Exception {
        String message = oru("DUP-1", "UNICODE UTF-8", "Иванова", "Мария", "5.6", "F");
        try (MllpTestClient client = broker.client()) {
            assertThat(MllpTestClient.field(client.send(message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            assertThat(MllpTestClient.field(client.send(message.replace("|5.6|", "|9.9|"), StandardCharsets.UTF_8), "MSA", 1))
                    .isEqualTo("AA");
        }
        broker.awaitApplied();
        assertThat(statusOf("DUP-1")).containsExactly("processed", "duplicate");
        String observations = broker.get("/fhir/Observation?code=6690-2", TestBroker.TOKEN).body();
        assertThat(observations).containsPattern("\"value\":\\s*5.6").doesNotContainPattern("\"value\":\\s*9.9");
    }

    @Test
    void aCorrectedResultIsANewVersionOfTheSameObservation() throws Exception {
        try (MllpTestClient client = broker.client()) {
            client.send(oru("V-1", "UNICODE UTF-8", "Иванова", "Мария", "5.6", "F"), StandardCharsets.UTF_8);
            client.send(oru("V-2", "UNICODE UTF-8", "Иванова", "Мария", "6.1", "C"), StandardCharsets.UTF_8);
        }
        broker.awaitApplied();
        String bundle = broker.get("/fhir/Observation?code=6690-2", TestBroker.TOKEN).body();
        assertThat(bundle).containsPattern("\"total\":\\s*1,").containsPattern("\"value\":\\s*6.1")
                .containsPattern("\"status\":\\s*\"corrected\"").containsPattern("\"versionId\":\\s*\"2\"");
    }

    @Test
    void answersAeWithErrWhenAResultFailsValidationAndKeepsItInTheJournal() throws Exception {
        String ack;
        try (MllpTestClient client = broker.client()) {
            ack = client.send(oru("BAD-NM", "UNICODE UTF-8", "Иванова", "Мария", "not-a-number", "F"), StandardCharsets.UTF_8);
        }
        assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(MllpTestClient.field(ack, "ERR", 2)).isEqualTo("OBX^1^5");
        assertThat(MllpTestClient.field(ack, "ERR", 3)).startsWith("102^");
        assertThat(MllpTestClient.field(ack, "ERR", 8)).startsWith("MB-");
        broker.awaitApplied();
        assertThat(statusOf("BAD-NM")).containsExactly("error");
    }

    @Test
    void answersArForUnsupportedTypesAndForBytesThatAreNotHl7() throws Exception {
        try (MllpTestClient client = broker.client()) {
            String unsupported = client.send("MSH|^~\\&|LIS|CLINIC|||20240315||QRY^Q01|Q-1|P|2.5.1\rQRD|x\r", StandardCharsets.US_ASCII);
            assertThat(MllpTestClient.field(unsupported, "MSA", 1)).isEqualTo("AR");
            assertThat(MllpTestClient.field(unsupported, "ERR", 3)).startsWith("200^");
            String garbage = client.send("hello, this is not HL7".getBytes(StandardCharsets.US_ASCII));
            assertThat(MllpTestClient.field(garbage, "MSA", 1)).isEqualTo("AR");
            String stillWorks = client.send(oru("AFTER-AR", "UNICODE UTF-8", "Иванова", "Мария", "5.6", "F"), StandardCharsets.UTF_8);
            assertThat(MllpTestClient.field(stillWorks, "MSA", 1)).isEqualTo("AA");
        }
        broker.awaitApplied();
        assertThat(statusOf("Q-1")).containsExactly("error");
        assertThat(countWithStatus("error")).isEqualTo(2);
    }

    @Test
    void answersEveryMessagePipelinedInOneWriteInOrder() throws Exception {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            burst.write(MllpTestClient.frame(oru("PIPE-" + i, "UNICODE UTF-8", "Иванова", "Мария", "5." + i, "F")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        List<String> controlIds = new ArrayList<>();
        try (MllpTestClient client = broker.client()) {
            client.sendRaw(burst.toByteArray());
            for (int i = 0; i < 20; i++) {
                String ack = client.readAck(StandardCharsets.UTF_8);
                assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
                controlIds.add(MllpTestClient.field(ack, "MSA", 2));
            }
        }
        assertThat(controlIds).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "PIPE-" + i).toList());
    }

    @Test
    void refusesFhirReadsWithoutAValidToken() throws Exception {
        assertThat(broker.get("/fhir/Patient", null).statusCode()).isEqualTo(401);
        assertThat(broker.get("/fhir/Patient", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
        assertThat(broker.get("/fhir/Patient", TestBroker.READER_TOKEN).statusCode()).isEqualTo(200);
        assertThat(broker.get("/fhir/metadata", null).statusCode()).isEqualTo(200);
        assertThat(broker.get("/health", null).statusCode()).isEqualTo(200);
    }

    private List<String> statusOf(String controlId) throws Exception {
        List<String> statuses = new ArrayList<>();
        try (Connection connection = broker.broker().store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT status FROM message WHERE control_id = ? ORDER BY id")) {
            select.setString(1, controlId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
        }
        return statuses;
    }

    private int countWithStatus(String status) throws Exception {
        try (Connection connection = broker.broker().store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM message WHERE status = ?")) {
            select.setString(1, status);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
