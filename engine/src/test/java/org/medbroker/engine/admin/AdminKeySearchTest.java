package org.medbroker.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestPostgres;
import org.medbroker.mappings.dicom.ImagingStudyMapping;
import org.medbroker.samples.astm.AstmSimulator;

/**
 * {@code /admin/api/messages?sampleId=&accession=} on a broker with HL7, ASTM and DICOM listeners,
 * on H2 and on PostgreSQL: the keys stored at apply time find the HL7 order and result by specimen
 * barcode (SPM-2, OBR-3) and accession number (ORC-2), the analyzer's message by O.3, and the
 * imaging index's study by its accession; the answer carries no patient data and every such search
 * is in the audit trail.
 */
class AdminKeySearchTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.4242";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void findsMessagesBySampleIdAndAccessionWithoutShowingPatientData(String store) throws Exception {
        Dcmtk.assumeInstalled();
        TestPostgres pg = store.equals("postgresql") ? TestPostgres.start() : null;
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), pg == null ? null : pg.jdbcUrl(),
                pg == null ? null : "postgres", "journaled", """
                  - name: xn
                    type: astm
                    bind: 127.0.0.1
                    port: 0
                    codeMap: hematology-xn
                  - name: imaging
                    type: dicom
                    bind: 127.0.0.1
                    port: 0
                    aeTitle: MEDBROKER
                """)) {
            try (MllpTestClient client = broker.client()) {
                for (String message : List.of(order("KS-1", "ACC-1001", "BC-777"), result("KS-2", "BC-777"),
                        result("KS-3", "BC-888"))) {
                    assertThat(MllpTestClient.field(client.send(message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
                }
            }
            try (AstmSimulator analyzer = AstmSimulator.tcp("127.0.0.1", broker.port("xn"))) {
                assertThat(analyzer.send(analyzer.results("hematology-xn", "100234", "MRN-5501", LocalDateTime.now())))
                        .isEqualTo(AstmSimulator.Outcome.DELIVERED);
            }
            Path files = Files.createDirectories(dir.resolve("dicom"));
            Path slice = Dcmtk.fromDump(files, "ct", ctSlice("ACC-1001"), StandardCharsets.UTF_8);
            Dcmtk.ok(files, "storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", Integer.toString(broker.port("imaging")),
                    slice.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                broker.awaitApplied();
                return get(broker, "sampleId=100234", TestBroker.TOKEN).body().contains("\"listener\":\"xn\"");
            });

            String bySample = get(broker, "sampleId=BC-777", TestBroker.TOKEN).body();
            assertThat(controlIds(bySample)).containsExactly("KS-2", "KS-1");
            String byAccession = get(broker, "accession=ACC-1001", TestBroker.TOKEN).body();
            assertThat(controlIds(byAccession)).containsExactly("KS-1");
            String imagingStudy = "ImagingStudy/" + ImagingStudyMapping.idOf(STUDY);
            assertThat(byAccession).contains("\"studies\":[{\"imagingStudy\":\"" + imagingStudy + "\",\"studyInstanceUid\":\""
                    + STUDY + "\",\"studyDate\":\"20261115\",\"instances\":1}]");
            await().atMost(Duration.ofSeconds(30)).until(() -> broker.get("/fhir/" + imagingStudy, TestBroker.TOKEN).statusCode() == 200);
            assertThat(get(broker, "sampleId=BC-777&accession=ACC-1001&listener=lab", TestBroker.TOKEN).body())
                    .contains("\"controlId\":\"KS-1\"").doesNotContain("KS-2");
            assertThat(get(broker, "sampleId=ACC-1001", TestBroker.TOKEN).body()).as("keys of one kind only")
                    .isEqualTo("{\"messages\":[]}");
            for (String body : List.of(bySample, byAccession, get(broker, "sampleId=100234", TestBroker.TOKEN).body())) {
                assertThat(body).doesNotContain("Ivanova", "Anna", "MRN-5501", "19790412", "raw", "Orlov");
            }
            assertThat(get(broker, "sampleId=BC-777", TestBroker.READER_TOKEN).statusCode()).isEqualTo(403);

            execute(broker, "DELETE FROM message_key WHERE message_id = 1"); // as if stored before the keys existed
            assertThat(controlIds(get(broker, "accession=ACC-1001", TestBroker.TOKEN).body())).isEmpty();
            assertThat(post(broker, "/admin/api/messages/1/reprocess")).contains("\"status\":\"processed\"");
            assertThat(controlIds(get(broker, "accession=ACC-1001", TestBroker.TOKEN).body())).as("indexed on reprocess")
                    .containsExactly("KS-1");
            assertThat(controlIds(get(broker, "sampleId=BC-777", TestBroker.TOKEN).body())).containsExactly("KS-2", "KS-1");

            List<String> audit = StoreRows.column(broker.broker(), "SELECT action || ' ' || principal || ' ' || outcome || ' ' || res_count || ' '"
                    + " || COALESCE(res_ids, '') || ' ' || query_string FROM audit_event WHERE res_type = 'Message' ORDER BY id");
            assertThat(audit).anySatisfy(a -> assertThat(a).startsWith("search admin 200 2 Message/2,Message/1 ")
                    .endsWith("?sampleId=BC-777"));
            assertThat(audit).anySatisfy(a -> assertThat(a).startsWith("search admin 200 2 Message/1," + imagingStudy + " ")
                    .endsWith("?accession=ACC-1001"));
            assertThat(audit).anySatisfy(a -> assertThat(a).startsWith("request reader 403 0").endsWith("?sampleId=BC-777"));
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static String order(String controlId, String accession, String barcode) {
        return String.join("\r",
                "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512+0300||OML^O21^OML_O21|" + controlId + "|P|2.5.1|||AL|NE",
                "PID|1||MRN-5501^^^CLINIC^MR||Ivanova^Anna||19790412|F",
                "ORC|NW|" + accession + "^MIS|||SC",
                "OBR|1|" + accession + "^MIS||58410-2^CBC^LN|||20240320085500+0300",
                "SPM|1|" + barcode + "&MIS||BLD^Blood^HL70487") + "\r";
    }

    private static String result(String controlId, String barcode) {
        return String.join("\r",
                "MSH|^~\\&|LIS|LAB|MIS|CLINIC|20240320101500+0300||ORU^R01^ORU_R01|" + controlId + "|P|2.5.1|||AL|NE",
                "PID|1||MRN-5501^^^CLINIC^MR||Ivanova^Anna||19790412|F",
                "OBR|1||" + barcode + "^LAB|58410-2^CBC panel^LN|||20240320093000+0300",
                "OBX|1|NM|6690-2^WBC^LN||5.5|10*9/L|4.0-9.0|N|||F|||20240320100000+0300") + "\r";
    }

    private static String ctSlice(String accession) {
        return """
                (0008,0005) CS [ISO_IR 192]
                (0008,0016) UI =CTImageStorage
                (0008,0018) UI [%1$s.1.1]
                (0008,0020) DA [20261115]
                (0008,0050) SH [%2$s]
                (0008,0060) CS [CT]
                (0010,0010) PN [Orlov^Ilya]
                (0010,0020) LO [MRN-5501]
                (0020,000d) UI [%1$s]
                (0020,000e) UI [%1$s.1]
                (0020,0013) IS [1]
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 2
                (0028,0011) US 2
                (0028,0100) US 16
                (0028,0101) US 12
                (0028,0102) US 11
                (0028,0103) US 0
                (7fe0,0010) OW 0001\\0002\\0003\\0004
                """.formatted(STUDY, accession);
    }

    private static HttpResponse<String> get(TestBroker broker, String query, String token) throws Exception {
        return broker.get("/admin/api/messages?" + query, token);
    }

    private static List<String> controlIds(String body) {
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"controlId\":\"([^\"]*)\"").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String post(TestBroker broker, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + broker.broker().httpPort() + path))
                .header("Authorization", "Bearer " + TestBroker.TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void execute(TestBroker broker, String sql) throws Exception {
        try (Connection connection = broker.broker().store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
