package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;

/**
 * A message whose only fault the full mapping finds (an OBR-25 status outside HL7 table 0123):
 * {@code ack: journaled} answers AA and keeps it with status error for a person; {@code ack: mapped}
 * answers AE with the ERR. Either way it is in the journal.
 */
class AckModeTest {

    @TempDir
    Path dir;

    private static String badReportStatus(String controlId) {
        return Hl7IngestEndToEndTest.oru(controlId, "UNICODE UTF-8", "Иванова", "Мария", "5.6", "F")
                .replace("|20240315093000+0300", "|20240315093000+0300||||||||||||||||||Q");
    }

    @Test
    void journaledModeAcknowledgesAaAndKeepsTheMappingErrorForAPerson() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, null, null, "journaled"); MllpTestClient client = broker.client()) {
            String ack = client.send(badReportStatus("MODE-J"), StandardCharsets.UTF_8);
            assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
            broker.awaitApplied();
            assertThat(row(broker, "MODE-J")).isEqualTo("error|AA|103");
        }
    }

    @Test
    void mappedModeAnswersAeWithTheMappingError() throws Exception {
        try (TestBroker broker = TestBroker.start(dir, null, null, "mapped"); MllpTestClient client = broker.client()) {
            String ack = client.send(badReportStatus("MODE-M"), StandardCharsets.UTF_8);
            assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AE");
            assertThat(MllpTestClient.field(ack, "ERR", 2)).isEqualTo("OBR^1^25");
            assertThat(MllpTestClient.field(ack, "ERR", 3)).startsWith("103^");
            broker.awaitApplied();
            assertThat(row(broker, "MODE-M")).isEqualTo("error|AE|103");
        }
    }

    private static String row(TestBroker broker, String controlId) throws Exception {
        try (Connection connection = broker.broker().store().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT status, ack_code, error_code FROM message WHERE control_id = ?")) {
            select.setString(1, controlId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3);
            }
        }
    }
}
