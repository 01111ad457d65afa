package org.medbroker.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;
import org.medbroker.mappings.testing.R4Validator;
import org.medbroker.samples.astm.AstmSimulator;
import org.medbroker.samples.astm.AstmSimulator.Misbehaviour;
import org.medbroker.samples.astm.AstmSimulator.Outcome;

/**
 * The engine with an ASTM TCP listener, driven by the analyzer simulator over real sockets: results to
 * FHIR (matched to an order that arrived as HL7 over MLLP, and unmatched), host queries answered from
 * that order store, malformed input kept with status error, and each E1381 failure mode once on the wire.
 */
class AstmIngestEndToEndTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String CLINIC = "urn:medbroker:authority:CLINIC";

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, null, null, "journaled", """
                  - name: xn
                    type: astm
                    bind: 127.0.0.1
                    port: 0
                    frameChecks: lenient
                    codeMap: hematology-xn
                    patientIdSystems:
                      P.3: urn:medbroker:authority:CLINIC
                    timeouts:
                      frameReceive: 1500ms
                      establishmentRetryDelay: 500ms
                      contentionHostWait: 5s
                  - name: xn-dl
                    type: astm
                    bind: 127.0.0.1
                    port: 0
                    codeMap: hematology-xn
                    orderDownload: true
                    patientIdSystems:
                      P.3: urn:medbroker:authority:CLINIC
                """);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static AstmSimulator simulator() throws Exception {
        return AstmSimulator.tcp("127.0.0.1", broker.broker().listenerPort("xn"))
                .timers(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    static void order(String controlId, String mrn, String barcode, String... loinc) throws Exception {
        StringBuilder oml = new StringBuilder("MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512+0300||OML^O21^OML_O21|" + controlId
                + "|P|2.5.1|||AL|NE\rPID|1||" + mrn + "^^^CLINIC^MR||Ivanova^Anna||19790412|F\r");
        int n = 0;
        for (String code : loinc) {
            n++;
            oml.append("ORC|NW|").append(controlId).append('-').append(n).append("^MIS|||SC\r")
                    .append("OBR|").append(n).append('|').append(controlId).append('-').append(n).append("^MIS||").append(code)
                    .append("^Test^LN|||20240320085500+0300\r")
                    .append("SPM|1|").append(barcode).append("&MIS||BLD^Blood^HL70487\r");
        }
        try (MllpTestClient client = broker.client()) {
            String ack = client.send(oml.toString(), StandardCharsets.UTF_8);
            assertThat(MllpTestClient.field(ack, "MSA", 1)).isEqualTo("AA");
        }
        broker.awaitApplied();
    }

    static <T extends Resource> List<T> search(Class<T> type, String query) throws Exception {
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class,
                broker.get("/fhir/" + type.getSimpleName() + "?" + query.replace("|", "%7C") + "&_count=100", TestBroker.TOKEN).body());
        List<T> found = new ArrayList<>();
        bundle.getEntry().forEach(e -> found.add(type.cast(e.getResource())));
        return found;
    }

    @Test
    void resultsForAnOrderFromHl7BecomeObservationsAndOneReportOfThatPatient() throws Exception {
        order("OML-1", "MRN-77012", "100234", "58410-2");
        try (AstmSimulator analyzer = simulator()) {
            assertThat(analyzer.send(analyzer.results("hematology-xn", "100234", "MRN-77012", LocalDateTime.now())))
                    .isEqualTo(Outcome.DELIVERED);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !search(DiagnosticReport.class, "identifier=100234").isEmpty());
        List<Patient> patients = search(Patient.class, "identifier=" + CLINIC + "|MRN-77012");
        assertThat(patients).as("the HL7 patient, not a second one from ASTM").hasSize(1);
        String patientId = patients.get(0).getIdPart();
        DiagnosticReport report = search(DiagnosticReport.class, "identifier=100234").get(0);
        assertThat(report.getSubject().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(report.getBasedOnFirstRep().getReference()).startsWith("ServiceRequest/");
        assertThat(report.getResult()).hasSize(21);
        List<Observation> observations = search(Observation.class, "subject=Patient/" + patientId);
        assertThat(observations).hasSize(21).allSatisfy(o -> {
            assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(o.getBasedOnFirstRep().getReference()).isEqualTo(report.getBasedOnFirstRep().getReference());
            R4Validator.assertValid(o);
        });
        assertThat(observations).anySatisfy(o -> assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("6690-2"));
        R4Validator.assertValid(report);
    }

    @Test
    void resultWithoutOrderIsAPreliminaryObservationOfANewPatientAndCounted() throws Exception {
        try (AstmSimulator analyzer = simulator()) {
            assertThat(analyzer.send(analyzer.results("hematology-xn", "NO-SUCH-1", "MRN-90001", LocalDateTime.now())))
                    .isEqualTo(Outcome.DELIVERED);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !search(Patient.class, "identifier=" + CLINIC + "|MRN-90001").isEmpty());
        Patient patient = search(Patient.class, "identifier=" + CLINIC + "|MRN-90001").get(0);
        R4Validator.assertValid(patient);
        List<Observation> observations = search(Observation.class, "subject=Patient/" + patient.getIdPart());
        assertThat(observations).hasSize(21)
                .allSatisfy(o -> assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY))
                .allSatisfy(o -> assertThat(o.hasBasedOn()).isFalse());
        String metrics = broker.get("/metrics", TestBroker.TOKEN).body();
        assertThat(metrics).containsPattern("medbroker_astm_results_without_order (2[1-9]|[3-9][0-9]|[1-9][0-9]{2,})");
        try (Connection c = broker.broker().store().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM astm_unmatched_result WHERE specimen_id = 'NO-SUCH-1'");
                ResultSet rows = s.executeQuery()) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(21);
        }
    }

    @Test
    void hostQueryIsAnsweredFromAnHl7OrderWithin100Ms() throws Exception {
        order("OML-2", "MRN-77013", "200555", "6690-2", "718-7");
        try (AstmSimulator analyzer = simulator()) {
            List<Duration> turnarounds = new ArrayList<>();
            List<String> reply = List.of();
            for (int i = 0; i < 5; i++) {
                assertThat(analyzer.send(analyzer.query("hematology-xn", "200555"))).isEqualTo(Outcome.DELIVERED);
                reply = analyzer.receive(Duration.ofSeconds(5), List.of());
                turnarounds.add(analyzer.lastTurnaround());
            }
            assertThat(reply).first().asString().startsWith("H|\\^&|||MEDBROKER");
            assertThat(reply).anySatisfy(r -> assertThat(r).isEqualTo("P|1|MRN-77013|||Ivanova^Anna||19790412|F"));
            assertThat(reply).anySatisfy(r -> assertThat(r).startsWith("O|1|200555||").contains("^^^WBC", "^^^HGB").endsWith("|Q"));
            assertThat(reply).last().isEqualTo("L|1|N");
            turnarounds.sort(null);
            assertThat(turnarounds.get(2)).as("median turnaround %s", turnarounds).isLessThan(Duration.ofMillis(100));
        }
    }

    @Test
    void newOrderFromHl7IsDownloadedToAConnectedAnalyzer() throws Exception {
        try (AstmSimulator analyzer = AstmSimulator.tcp("127.0.0.1", broker.broker().listenerPort("xn-dl"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().astmConnections("xn-dl") == 1);
            order("OML-DL", "MRN-77020", "600111", "6690-2", "789-8");
            List<String> download = analyzer.receive(Duration.ofSeconds(10), List.of());
            assertThat(download).first().asString().startsWith("H|\\^&|||MEDBROKER");
            assertThat(download).anySatisfy(r -> assertThat(r).isEqualTo("P|1|MRN-77020|||Ivanova^Anna||19790412|F"));
            assertThat(download).anySatisfy(r -> assertThat(r).startsWith("O|1|600111||").contains("^^^WBC", "^^^RBC").endsWith("|O"));
            assertThat(download).last().isEqualTo("L|1|N");
        }
    }

    @Test
    void hostQueryForAListAndForARange() throws Exception {
        order("OML-L1", "MRN-77021", "700001", "6690-2");
        order("OML-L2", "MRN-77022", "700002", "718-7");
        order("OML-L3", "MRN-77023", "700003", "777-3");
        try (AstmSimulator analyzer = simulator()) {
            assertThat(analyzer.send(analyzer.query("hematology-xn", "700001", "NOPE-1", "700003"))).isEqualTo(Outcome.DELIVERED);
            List<String> list = analyzer.receive(Duration.ofSeconds(5), List.of());
            assertThat(list).filteredOn(r -> r.startsWith("O|")).extracting(r -> r.split("\\|")[2] + ":" + r.substring(r.lastIndexOf('|') + 1))
                    .containsExactly("700001:Q", "700003:Q", "NOPE-1:Y");
            assertThat(analyzer.send(List.of("H|\\^&|||XN", "Q|1|^700001|^700003|^^^ALL", "L|1|N"))).isEqualTo(Outcome.DELIVERED);
            List<String> range = analyzer.receive(Duration.ofSeconds(5), List.of());
            assertThat(range).filteredOn(r -> r.startsWith("O|")).extracting(r -> r.split("\\|")[2])
                    .containsExactly("700001", "700002", "700003");
            assertThat(range).anySatisfy(r -> assertThat(r).startsWith("O|1|700003||^^^PLT|"));
        }
    }

    @Test
    void unknownBarcodeGetsNoInformation() throws Exception {
        try (AstmSimulator analyzer = simulator()) {
            assertThat(analyzer.send(analyzer.query("hematology-xn", "UNKNOWN-9"))).isEqualTo(Outcome.DELIVERED);
            List<String> reply = analyzer.receive(Duration.ofSeconds(5), List.of());
            assertThat(reply).hasSize(2);
            assertThat(reply.get(1)).isEqualTo("L|1|I");
        }
    }

    @Test
    void malformedMessageIsKeptWithStatusError() throws Exception {
        try (AstmSimulator analyzer = simulator()) {
            assertThat(analyzer.send(List.of("X|garbage", "R|1|^^^^WBC|1"))).isEqualTo(Outcome.DELIVERED);
        }
        broker.awaitApplied();
        await().atMost(Duration.ofSeconds(10)).until(() -> errors().stream().anyMatch(e -> e.startsWith("MB-0702")));
    }

    static List<String> errors() throws Exception {
        List<String> errors = new ArrayList<>();
        try (Connection c = broker.broker().store().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT error_text FROM message WHERE protocol LIKE 'ASTM%' AND status = 'error'");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                errors.add(rows.getString(1));
            }
        }
        return errors;
    }

    @Test
    void defaultLogsCarryNoPatientDataOrValues() throws Exception {
        try (org.medbroker.engine.testsupport.LogCapture logs = org.medbroker.engine.testsupport.LogCapture.root();
                AstmSimulator analyzer = simulator()) {
            List<String> records = new ArrayList<>(analyzer.results("hematology-xn", "LOG-SPEC-77", "SECRET-MRN-1", LocalDateTime.now()));
            records.set(1, "P|1|SECRET-MRN-1||||Sekretova^Anna||19790412|F");
            records.set(3, "R|1|^^^^WBC^1|987.654|10*3/uL|3.5 to 10.0|H||F||||20240627135407");
            assertThat(analyzer.send(records)).isEqualTo(Outcome.DELIVERED);
            assertThat(analyzer.send(List.of("X|Sekretova", "L|1|N"))).isEqualTo(Outcome.DELIVERED);
            broker.awaitApplied();
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.text().contains("kept with status error"));
            assertThat(logs.text()).contains("xn: journal #").doesNotContain("Sekretova", "SECRET-MRN-1", "987.654", "LOG-SPEC-77");
        }
    }

    // ---- E1381 failure modes over the socket

    @Test
    void badChecksumIsNakedAndTheRetransmissionAccepted() throws Exception {
        try (AstmSimulator analyzer = simulator().misbehave(Misbehaviour.BAD_CHECKSUM)) {
            assertThat(analyzer.send(analyzer.results("hematology-xn", "CHK-1", "MRN-90002", LocalDateTime.now())))
                    .isEqualTo(Outcome.DELIVERED);
            assertThat(analyzer.events()).containsSubsequence("> frame 1 with a bad checksum", "< NAK", "> frame 1", "< ACK");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> search(Observation.class, "identifier=urn:medbroker:astm:specimen-id:hematology-xn|CHK-1/WBC").size() == 1);
    }

    @Test
    void silentSenderTimesOutAndTheLinkRecovers() throws Exception {
        try (AstmSimulator analyzer = simulator().misbehave(Misbehaviour.TIMEOUT)) {
            assertThat(analyzer.send(analyzer.results("hematology-xn", "TMO-1", "MRN-90003", LocalDateTime.now())))
                    .isEqualTo(Outcome.SILENCED);
            Thread.sleep(2_000); // past the listener's 1.5 s frameReceive timer
            analyzer.misbehave(Misbehaviour.NONE);
            assertThat(analyzer.send(analyzer.results("hematology-xn", "TMO-2", "MRN-90003", LocalDateTime.now())))
                    .as("the link is idle again and accepts a new transfer").isEqualTo(Outcome.DELIVERED);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> protocols().contains("ASTM-INCOMPLETE"));
    }

    static List<String> protocols() throws Exception {
        List<String> protocols = new ArrayList<>();
        try (Connection c = broker.broker().store().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT protocol FROM message");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                protocols.add(rows.getString(1));
            }
        }
        return protocols;
    }

    @Test
    void contentionTheBrokerYieldsToTheInstrumentAndRepliesAfterItsEot() throws Exception {
        order("OML-3", "MRN-77014", "300777", "6690-2");
        try (AstmSimulator analyzer = simulator().misbehave(Misbehaviour.CONTENTION)) {
            assertThat(analyzer.send(analyzer.query("hematology-xn", "300777"))).isEqualTo(Outcome.DELIVERED);
            List<String> reply = analyzer.receive(Duration.ofSeconds(5),
                    analyzer.results("hematology-xn", "CNT-1", "MRN-90004", LocalDateTime.now()));
            assertThat(analyzer.events()).containsSubsequence("< ENQ", "> ENQ (contention on purpose)", "> ENQ", "< ACK", "> EOT",
                    "< ENQ (host bids again after our EOT)");
            assertThat(reply).anySatisfy(r -> assertThat(r).startsWith("O|1|300777||^^^WBC|"));
        }
    }

    @Test
    void busyInstrumentIsRetriedAfterThePause() throws Exception {
        order("OML-4", "MRN-77015", "400888", "718-7");
        try (AstmSimulator analyzer = simulator().misbehave(Misbehaviour.BUSY)) {
            assertThat(analyzer.send(analyzer.query("hematology-xn", "400888"))).isEqualTo(Outcome.DELIVERED);
            List<String> reply = analyzer.receive(Duration.ofSeconds(5), List.of());
            assertThat(analyzer.events()).containsSubsequence("< ENQ", "> NAK (busy on purpose)", "< ENQ (retried)", "> ACK");
            assertThat(reply).anySatisfy(r -> assertThat(r).startsWith("O|1|400888||^^^HGB|"));
        }
    }

    @Test
    void receiverInterruptStopsTheBrokerAndTheLineIsFreeAgain() throws Exception {
        order("OML-5", "MRN-77016", "500999", "718-7");
        try (AstmSimulator analyzer = simulator().misbehave(Misbehaviour.INTERRUPT)) {
            assertThat(analyzer.send(analyzer.query("hematology-xn", "500999"))).isEqualTo(Outcome.DELIVERED);
            List<String> partial = analyzer.receive(Duration.ofSeconds(5), List.of());
            assertThat(analyzer.events()).containsSubsequence("> EOT (receiver interrupt on purpose)", "< EOT");
            assertThat(partial).hasSize(1);
            analyzer.misbehave(Misbehaviour.NONE);
            assertThat(analyzer.send(analyzer.results("hematology-xn", "INT-1", "MRN-90005", LocalDateTime.now())))
                    .isEqualTo(Outcome.DELIVERED);
        }
    }
}
