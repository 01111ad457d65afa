package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.testsupport.SocatPty;
import org.medbroker.mappings.testing.R4Validator;
import org.medbroker.samples.astm.AstmSimulator;
import org.medbroker.samples.astm.AstmSimulator.Outcome;

/**
 * The engine with a serial ASTM listener on one end of a socat pty pair and the analyzer simulator on the
 * other: results reach /fhir; the port unplugged shows down in /health and the metrics, and comes back.
 */
class AstmSerialEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void simulatorOnASerialLineDeliversObservationsAndAnUnpluggedPortShowsDown() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("tty"));
        try (SocatPty cable = new SocatPty(dir.resolve("tty"));
                TestBroker broker = TestBroker.start(dir.resolve("broker"), null, null, "journaled", """
                          - name: ca-serial
                            type: astm
                            transport: serial
                            codeMap: coagulation-ca
                            reconnectMin: 100ms
                            reconnectMax: 500ms
                            serial:
                              port: %s
                              baud: 9600
                        """.formatted(dir.resolve("tty").resolve("broker-tty")))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).statusCode() == 200);
            try (AstmSimulator analyzer = AstmSimulator.device(cable.analyzer())) {
                assertThat(analyzer.send(analyzer.results("coagulation-ca", "SER-1", "MRN-SER-1", LocalDateTime.now())))
                        .isEqualTo(Outcome.DELIVERED);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> observations(broker).getEntry().size() == 5);
            Bundle found = observations(broker);
            found.getEntry().forEach(e -> {
                Observation o = (Observation) e.getResource();
                assertThat(o.getSubject().getReference()).startsWith("Patient/");
                R4Validator.assertValid(o);
            });

            cable.unplug();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).statusCode() == 503);
            HttpResponse<String> health = broker.get("/health", null);
            assertThat(health.body()).contains("astm-ca-serial").contains("is not open");
            assertThat(broker.get("/metrics", TestBroker.TOKEN).body()).contains("medbroker_astm_lines_down 1");
            cable.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.get("/health", null).statusCode() == 200);
        }
    }

    /** Every result of the coagulation profile, found by the analyzer's own codes. */
    private static Bundle observations(TestBroker broker) throws Exception {
        String system = "urn:medbroker:astm:coagulation-ca:test%7C";
        String codes = String.join(",", java.util.stream.Stream.of("PT", "PT-INR", "APTT", "FBG", "TT").map(c -> system + c).toList());
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class,
                broker.get("/fhir/Observation?code=" + codes + "&_count=100", TestBroker.TOKEN).body());
    }
}
