package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.testsupport.ChildBroker;

/**
 * The broker as a child process, killed with SIGKILL while a sender pushes messages: after a
 * restart every message that got AA is in the store exactly once.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesSigkillExactlyOnce() throws Exception {
        int mllpPort = ChildBroker.freePort();
        int httpPort = ChildBroker.freePort();
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                http:
                  bind: 127.0.0.1
                  port: %d
                tokens:
                  - name: admin
                    secret: crash-test-token-0123456789
                    scopes: [admin]
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: %d
                destinations:
                  - name: store
                    type: store
                routes:
                  - from: lab
                    to: [store]
                """.formatted(httpPort, mllpPort));

        Set<String> acknowledged = new HashSet<>();
        try (ChildBroker broker = ChildBroker.start(config, "crash-recovery-broker")) {
            broker.awaitPort(mllpPort);
            try (MllpTestClient client = new MllpTestClient(mllpPort)) {
                for (int i = 0; i < 300; i++) {
                    if (i == 150) {
                        broker.kill();
                    }
                    String controlId = "KILL-" + i;
                    try {
                        String ack = client.send(Hl7IngestEndToEndTest.oru(controlId, "UNICODE UTF-8", "Иванова", "Мария",
                                "5." + i, "F").replace("ORD-77", "ORD-" + i), StandardCharsets.UTF_8);
                        if ("AA".equals(MllpTestClient.field(ack, "MSA", 1))) {
                            acknowledged.add(controlId);
                        }
                    } catch (IOException connectionLost) {
                        break;
                    }
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(100);

        try (ChildBroker restarted = ChildBroker.start(config, "crash-recovery-broker-restarted")) {
            restarted.awaitPort(mllpPort);
            try (MllpTestClient client = new MllpTestClient(mllpPort)) {
                String ack = client.send(Hl7IngestEndToEndTest.oru("AFTER-RESTART", "UNICODE UTF-8", "Иванова", "Мария", "5.0", "F"),
                        StandardCharsets.UTF_8);
                assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
            }
            assertThat(restarted.stop()).as("orderly shutdown after the restart").isTrue();
        }

        List<String> stored = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data/store/medbroker") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
                PreparedStatement select = connection.prepareStatement(
                        "SELECT control_id FROM message WHERE status = 'processed' AND control_id LIKE 'KILL-%'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(stored).doesNotHaveDuplicates().containsAll(acknowledged);
    }
}
