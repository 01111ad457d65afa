package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.testsupport.LogCapture;

/** What an admin sees: one log line per message without patient data, and per-listener metrics. */
class IngestLogsAndMetricsTest {

    @TempDir
    Path dir;

    @Test
    void logsOneLinePerMessageWithControlIdAndNoPatientDataAndCountsIt() throws Exception {
        try (LogCapture logs = LogCapture.root(); TestBroker broker = TestBroker.start(dir, null, null)) {
            try (MllpTestClient client = broker.client()) {
                client.send(Hl7IngestEndToEndTest.oru("LOG-1", "UNICODE UTF-8", "Секретова", "Анна", "7.25", "F"), StandardCharsets.UTF_8);
                client.send(Hl7IngestEndToEndTest.oru("LOG-2", "UNICODE UTF-8", "Секретова", "Анна", "oops", "F"), StandardCharsets.UTF_8);
            }
            broker.awaitApplied();
            String text = logs.text();
            assertThat(text).contains("LOG-1").contains("LOG-2").contains("lab");
            assertThat(text).doesNotContain("Секретова", "Анна", "Петровна", "PAT-0042", "123-456-789", "19800214", "7.25", "oops");

            String metrics = broker.get("/metrics", null).body();
            assertThat(metrics).contains("medbroker_messages_received_total{listener=\"lab\"} 2");
            assertThat(metrics).contains("medbroker_messages_processed_total{listener=\"lab\"} 1");
            assertThat(metrics).contains("medbroker_messages_errored_total{listener=\"lab\"} 1");
            assertThat(metrics).contains("medbroker_ack_latency_seconds_bucket{listener=\"lab\",le=\"+Inf\"} 2");
        }
    }
}
