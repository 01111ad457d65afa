package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.TestBroker;
import org.medbroker.samples.astm.AstmSimulator;
import org.medbroker.samples.astm.AstmSimulator.Outcome;

/** The broker connects to an analyzer that listens (transport tcp-client): results reach /fhir; a dropped connection shows down and comes back. */
class AstmTcpClientEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void brokerConnectsToTheAnalyzerReceivesResultsAndReconnects() throws Exception {
        ServerSocket analyzerPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        int port = analyzerPort.getLocalPort();
        try (TestBroker broker = TestBroker.start(dir, null, null, "journaled", """
                  - name: c111
                    type: astm
                    transport: tcp-client
                    host: 127.0.0.1
                    port: %d
                    codeMap: chemistry-c111
                    reconnectMin: 100ms
                    reconnectMax: 500ms
                """.formatted(port))) {
            analyzerPort.setSoTimeout(10_000);
            try (analyzerPort; AstmSimulator analyzer = AstmSimulator.over(analyzerPort.accept())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).statusCode() == 200);
                assertThat(analyzer.send(analyzer.results("chemistry-c111", "CLI-1", "MRN-CLI-1", LocalDateTime.now())))
                        .isEqualTo(Outcome.DELIVERED);
                await().atMost(Duration.ofSeconds(20)).until(() -> FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                        broker.get("/fhir/Observation?code=http://loinc.org%7C1751-7&_count=10", TestBroker.TOKEN).body())
                        .getEntry().size() == 1);
            }
            // the analyzer is switched off: connection gone, nothing listens
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).body().contains("not connected to the analyzer"));
            assertThat(broker.get("/health", null).statusCode()).isEqualTo(503);
            try (ServerSocket back = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                back.setSoTimeout(10_000);
                try (AstmSimulator again = AstmSimulator.over(back.accept())) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).statusCode() == 200);
                    assertThat(again.send(again.results("chemistry-c111", "CLI-2", "MRN-CLI-1", LocalDateTime.now())))
                            .isEqualTo(Outcome.DELIVERED);
                }
            }
        }
    }
}
