package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
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
import org.medbroker.mappings.hl7v2.Hl7v2Parser;
import org.medbroker.mappings.hl7v2.Hl7v2ToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.medbroker.mappings.testing.R4Validator;
import org.medbroker.samples.astm.AstmSimulator;

/**
 * Results that arrive by ASTM reach an MIS over real MLLP as ORU^R01: an analyzer (the simulator, over TCP)
 * sends a CBC for a patient the MIS ordered by HL7 OML with a Cyrillic name; the MIS first answers AE, then
 * accepts, and holds exactly one ORU^R01 with the order's patient, LOINC codes, values and units, under the
 * MSH-10 it was refused with. Test-code filters see the LOINC and the analyzer's codes of ASTM results; a
 * webhook carries the same ORU (source protocol ASTM); a FHIR push sends the result set with the order's
 * Patient, ServiceRequest and Specimen as one conditional transaction.
 */
class AstmResultsToMisTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The {@code store:} section; empty for the embedded H2 store. */
    protected String storeSection() {
        return "";
    }

    /** Runs after the broker has stopped. */
    protected void afterBroker() {
    }

    @TempDir
    Path dir;

    private TestMis mis;
    private Broker broker;
    private HttpServer http;
    private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private final List<String> fhirBodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        mis = TestMis.start();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.createContext("/fhir", exchange -> {
            fhirBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] reply = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        http.start();
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                %s
                http:
                  bind: 127.0.0.1
                  port: 0
                listeners:
                  - name: lab
                    type: hl7-mllp
                    bind: 127.0.0.1
                    port: 0
                  - name: xn
                    type: astm
                    bind: 127.0.0.1
                    port: 0
                    codeMap: hematology-xn
                    patientIdSystems:
                      P.3: urn:medbroker:authority:CLINIC
                destinations:
                  - name: store
                    type: store
                  - name: mis
                    type: hl7-mllp
                    address: 127.0.0.1:%d
                    sendingFacility: CLINIC-7
                    initialBackoff: 50ms
                    maxBackoff: 200ms
                    ackTimeout: 2s
                    filter: {listeners: [xn], messageTypes: [ORU^R01]}
                  - name: cbc-archive
                    type: file
                    directory: cbc
                    filter: {testCodes: [WBC]}
                  - name: chemistry-archive
                    type: file
                    directory: chemistry
                    filter: {testCodes: [1751-7]}
                  - name: events
                    type: webhook
                    url: http://127.0.0.1:%d/hook
                    secret: astm-webhook-secret-0123456789
                    filter: {testCodes: [718-7]}
                  - name: ehr
                    type: fhir
                    baseUrl: http://127.0.0.1:%d/fhir
                routes:
                  - from: lab
                    to: [store]
                  - from: xn
                    to: [store, mis, cbc-archive, chemistry-archive, events, ehr]
                mapping:
                  timezone: Europe/Moscow
                """.formatted(storeSection(), mis.port(), http.getAddress().getPort(), http.getAddress().getPort()));
        broker = Broker.start(new ConfigLoader(Map.of()).load(config));
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (mis != null) {
            mis.close();
        }
        if (http != null) {
            http.stop(0);
        }
        afterBroker();
    }

    @Test
    void misReceivesOneOruForAnAstmCbcOrderedByHl7AndTheSameControlIdAfterAe() throws Exception {
        long seq;
        try (LogCapture logs = LogCapture.root()) {
            mis.mode(TestMis.Mode.ERROR);
            order("OML-1", "MRN-77012", "100234");
            sendCbc("100234", "MRN-77012");
            TestMis.await(WAIT, () -> mis.answeredAe() >= 1, "the MIS to refuse the ORU once");
            mis.mode(TestMis.Mode.ACCEPT);
            seq = astmMessageId();
            TestMis.await(WAIT, () -> delivered(seq, "mis"), "the ORU to be delivered after the AE");
            assertThat(logs.text()).contains("rejected with AE").doesNotContain("Иванова", "Ivanova", "MRN-77012", "11.8", "100234");
        }

        assertThat(mis.acceptedCount()).isEqualTo(1);
        assertThat(mis.repeats()).isZero();
        TestMis.Received received = mis.acceptedInOrder().get(0);
        String oru = new String(received.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(received.controlId()).isEqualTo(ControlIds.stable(seq, "mis"));
        assertThat(mis.answeredAeControlIds()).isNotEmpty().allSatisfy(id -> assertThat(id).isEqualTo(received.controlId()));
        assertThat(oru).startsWith("MSH|^~\\&|MEDBROKER|CLINIC-7|||")
                .contains("|ORU^R01^ORU_R01|" + received.controlId() + "|P|2.5.1|", "|UNICODE UTF-8\r")
                .contains("\rPID|1||MRN-77012^^^CLINIC^MR||Иванова^Анна^Сергеевна||19790412|F\r")
                .contains("\rORC|RE|OML-1-1^MIS|100234^^urn:medbroker:astm:specimen-id:hematology-xn^URI\r")
                .contains("|58410-2^CBC^LN|")
                .contains("\rOBX|1|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN^WBC^^L||11.8|10*3/uL^10*3/uL^UCUM"
                        + "|3.5-10.0|H|||F|||20240627135407+0300")
                .contains("\rOBX|2|NM|718-7^Hemoglobin [Mass/volume] in Blood^LN^HGB^^L||13.1|g/dL^g/dL^UCUM|11.7-15.5|N|||F|")
                .contains("\rSPM|1|100234&MIS||BLD^Blood^HL70487");

        List<Resource> back = new Hl7v2ToFhirMapper(MappingOptions.defaults()).map(Hl7v2Parser.shared().parse(oru)).resources();
        back.forEach(R4Validator::assertValid);
        assertThat(back).filteredOn(Patient.class::isInstance).map(r -> ((Patient) r).getNameFirstRep().getFamily())
                .containsExactly("Иванова");
        assertThat(back).filteredOn(Observation.class::isInstance).map(Observation.class::cast)
                .extracting(o -> o.getCode().getCodingFirstRep().getCode() + "=" + o.getValueQuantity().getValue().toPlainString() + " "
                        + o.getValueQuantity().getCode())
                .containsExactly("6690-2=11.8 10*3/uL", "718-7=13.1 g/dL");
        keptResources(seq).forEach(R4Validator::assertValid);
    }

    @Test
    void testCodeFiltersSeeLoincAndAnalyzerCodesOfAstmResults() throws Exception {
        order("OML-2", "MRN-77013", "100235");
        sendCbc("100235", "MRN-77013");
        long seq = astmMessageId();
        TestMis.await(WAIT, () -> delivered(seq, "mis") && delivered(seq, "cbc-archive"), "the CBC at the MIS and in the archive");
        Path file = dir.resolve("cbc").resolve(ControlIds.stable(seq, "cbc-archive") + ".hl7");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("MSH|^~\\&|MEDBROKER|MEDBROKER|||")
                .contains("PID|1||MRN-77013^^^CLINIC^MR||Иванова^Анна^Сергеевна", "^LN^WBC^^L||11.8|");
        assertThat(queuedFor(seq)).containsExactlyInAnyOrder("mis", "cbc-archive", "events", "ehr");
        try (Stream<Path> chemistry = Files.exists(dir.resolve("chemistry")) ? Files.list(dir.resolve("chemistry")) : Stream.empty()) {
            assertThat(chemistry).as("the albumin-only archive takes no CBC").isEmpty();
        }
    }

    @Test
    void webhookCarriesTheOruAndFhirPushesTheResultSetWithTheOrdersPatient() throws Exception {
        order("OML-3", "MRN-77014", "100236");
        sendCbc("100236", "MRN-77014");
        long seq = astmMessageId();
        TestMis.await(WAIT, () -> delivered(seq, "events") && delivered(seq, "ehr"), "the webhook event and the FHIR push");

        assertThat(webhookBodies).hasSize(1);
        String stable = ControlIds.stable(seq, "events");
        assertThat(webhookBodies.get(0)).startsWith("{\"type\":\"message\",\"id\":\"" + stable + "\",\"journalSeq\":" + seq + ",")
                .contains("\"sourceProtocol\":\"ASTM\"", "\"hl7\":\"MSH|^~\\\\&|MEDBROKER|MEDBROKER|||",
                        "|ORU^R01^ORU_R01|" + stable + "|", "\\rPID|1||MRN-77014^^^CLINIC^MR||Иванова^Анна^Сергеевна||19790412|F\\r",
                        "|718-7^Hemoglobin [Mass/volume] in Blood^LN^HGB^^L||13.1|g/dL^g/dL^UCUM|");

        assertThat(fhirBodies).hasSize(1);
        Bundle pushed = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, fhirBodies.get(0));
        assertThat(pushed.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(pushed.getEntry()).allSatisfy(e -> {
            assertThat(e.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
            assertThat(e.getRequest().getUrl()).contains("?identifier=");
            assertThat(e.getFullUrl()).startsWith("urn:uuid:");
        });
        assertThat(pushed.getEntry()).extracting(e -> e.getResource().fhirType())
                .contains("Patient", "ServiceRequest", "Specimen", "DiagnosticReport", "Observation");
        Patient patient = pushed.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(Patient.class::isInstance)
                .map(Patient.class::cast).findFirst().orElseThrow();
        assertThat(patient.getNameFirstRep().getFamily()).as("the order's patient, from HL7").isEqualTo("Иванова");
        assertThat(pushed.getEntry()).filteredOn(e -> e.getResource() instanceof Observation)
                .extracting(e -> ((Observation) e.getResource()).getCode().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder("6690-2", "718-7");
        String patientUrl = pushed.getEntry().stream().filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow().getFullUrl();
        assertThat(pushed.getEntry()).filteredOn(e -> e.getResource() instanceof Observation)
                .allSatisfy(e -> assertThat(((Observation) e.getResource()).getSubject().getReference()).isEqualTo(patientUrl));
    }

    @Test
    void resultsWithoutAPatientAreStoredButNotQueued() throws Exception {
        try (AstmSimulator analyzer = AstmSimulator.tcp("127.0.0.1", broker.listenerPort("xn"))) {
            assertThat(analyzer.send(List.of(
                    "H|\\^&|||XN-550^00-24^22723^^^^BD634545||||||||E1394-97",
                    "P|1",
                    "O|1|NO-ORDER-9||^^^^WBC|||||||N||||||||||||||F",
                    "R|1|^^^^WBC^1|7.1|10*3/uL|3.5 to 10.0|N||F||||20240627135407",
                    "L|1|N"))).isEqualTo(AstmSimulator.Outcome.DELIVERED);
        }
        long seq = astmMessageId();
        broker.applier().awaitApplied(seq, WAIT);
        assertThat(queuedFor(seq)).isEmpty();
        assertThat(StoreRows.column(broker, "SELECT COUNT(*) FROM outbound_result_set WHERE message_id = " + seq)).containsExactly("0");
    }

    private void order(String controlId, String mrn, String barcode) throws Exception {
        String oml = "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512+0300||OML^O21^OML_O21|" + controlId + "|P|2.5.1|||AL|NE||UNICODE UTF-8\r"
                + "PID|1||" + mrn + "^^^CLINIC^MR||Иванова^Анна^Сергеевна||19790412|F\r"
                + "ORC|NW|" + controlId + "-1^MIS|||SC\r"
                + "OBR|1|" + controlId + "-1^MIS||58410-2^CBC^LN|||20240320085500+0300\r"
                + "SPM|1|" + barcode + "&MIS||BLD^Blood^HL70487\r";
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            assertThat(MllpTestClient.field(client.send(oml, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        }
    }

    private void sendCbc(String barcode, String mrn) throws Exception {
        try (AstmSimulator analyzer = AstmSimulator.tcp("127.0.0.1", broker.listenerPort("xn"))) {
            assertThat(analyzer.send(List.of(
                    "H|\\^&|||XN-550^00-24^22723^^^^BD634545||||||||E1394-97",
                    "P|1|" + mrn + "|||Ivanova^Anna||19790412|F",
                    "O|1|" + barcode + "||^^^^WBC\\^^^^HGB|||||||N||||||||||||||F",
                    "R|1|^^^^WBC^1|11.8|10*3/uL|3.5 to 10.0|H||F||||20240627135407",
                    "R|2|^^^^HGB^1|13.1|g/dL|11.7^15.5|N||F||||20240627135407",
                    "L|1|N"))).isEqualTo(AstmSimulator.Outcome.DELIVERED);
        }
    }

    private long astmMessageId() throws Exception {
        long[] id = new long[1];
        TestMis.await(WAIT, () -> {
            List<String> ids = StoreRows.column(broker, "SELECT id FROM message WHERE protocol = 'ASTM' AND status = 'processed'");
            if (ids.isEmpty()) {
                return false;
            }
            id[0] = Long.parseLong(ids.get(0));
            return true;
        }, "the ASTM message to be stored as processed");
        return id[0];
    }

    private boolean delivered(long seq, String destination) {
        return StoreRows.column(broker, "SELECT status FROM outbound_queue WHERE message_id = " + seq + " AND destination = '" + destination + "'")
                .contains("delivered");
    }

    private List<String> queuedFor(long seq) {
        return StoreRows.column(broker, "SELECT destination FROM outbound_queue WHERE message_id = " + seq);
    }

    private List<Resource> keptResources(long seq) {
        List<String> json = StoreRows.column(broker, "SELECT fhir_json FROM outbound_result_set WHERE message_id = " + seq);
        assertThat(json).hasSize(1);
        return ResultSetMessages.resources(json.get(0));
    }
}
