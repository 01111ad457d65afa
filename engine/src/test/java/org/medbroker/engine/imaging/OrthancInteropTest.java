package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.TestBroker;

/**
 * Orthanc, the reference open-source PACS, as a real peer: it echoes the broker, sends it a study
 * through its REST API (C-STORE), and queries it (C-FIND); the study shows up as an ImagingStudy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancInteropTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.88.1";

    @TempDir
    static Path tmp;
    private TestBroker broker;
    private Process orthanc;
    private int orthancHttp;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/sbin/Orthanc"));
        Assumptions.assumeTrue(installed || System.getenv("CI") != null, "Orthanc is not installed");
        broker = TestBroker.withListeners(tmp.resolve("broker"), TestBroker.dicomListener("imaging", ""));
        orthancHttp = freePort();
        int orthancDicom = freePort();
        Path home = Files.createDirectories(tmp.resolve("orthanc"));
        Path config = home.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "medbroker-interop",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "ORTHANC",
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "Plugins": [],
                  "DicomModalities": { "medbroker": [ "MEDBROKER", "127.0.0.1", %d ] }
                }
                """.formatted(home.resolve("storage"), home.resolve("index"), orthancHttp, orthancDicom,
                broker.port("imaging")));
        orthanc = new ProcessBuilder("/usr/sbin/Orthanc", config.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> orthanc("GET", "/system", null).statusCode() == 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (orthanc != null) {
            orthanc.destroy();
            if (!orthanc.waitFor(10, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void orthancEchoesStoresAndQueriesTheBroker() throws Exception {
        assertThat(orthanc("POST", "/modalities/medbroker/echo", "{}").statusCode()).isEqualTo(200);

        Path files = Files.createDirectories(tmp.resolve("files"));
        for (int i = 1; i <= 2; i++) {
            Path slice = Dcmtk.fromDump(files, "o" + i, CtSlices.ctSlice("ISO_IR 192", "Кузнецова^Мария", "MRN-5005", STUDY,
                    STUDY + ".1", STUDY + ".1." + i, i, "ACC-55", "20261201"), StandardCharsets.UTF_8);
            HttpResponse<String> upload = http.send(HttpRequest.newBuilder(orthancUri("/instances"))
                    .POST(HttpRequest.BodyPublishers.ofFile(slice)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).isEqualTo(200);
        }
        HttpResponse<String> studies = orthanc("GET", "/studies", null);
        String orthancStudyId = studies.body().replaceAll("[\\[\\]\"\\s]", "").split(",")[0];
        HttpResponse<String> store = orthanc("POST", "/modalities/medbroker/store",
                "{\"Resources\": [\"" + orthancStudyId + "\"], \"Synchronous\": true}");
        assertThat(store.statusCode()).as(store.body()).isEqualTo(200);
        assertThat(store.body()).contains("\"InstancesCount\" : 2").contains("\"FailedInstancesCount\" : 0");

        ImagingStudy study = await().atMost(Duration.ofSeconds(20)).until(() -> imagingStudies(
                "identifier=ACC-55"), list -> list.size() == 1).get(0);
        assertThat(study.getNumberOfInstances()).isEqualTo(2);

        HttpResponse<String> query = orthanc("POST", "/modalities/medbroker/query",
                "{\"Level\": \"Study\", \"Query\": {\"PatientName\": \"Кузнец*\", \"StudyInstanceUID\": \"\"}}");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        String queryId = query.body().replaceAll("(?s).*\"ID\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> answers = orthanc("GET", "/queries/" + queryId + "/answers?expand", null);
        assertThat(answers.body()).contains(STUDY);
    }

    private List<ImagingStudy> imagingStudies(String query) throws Exception {
        String body = broker.get("/fhir/ImagingStudy?" + query, TestBroker.TOKEN).body();
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, body).getEntry().stream()
                .map(e -> (ImagingStudy) e.getResource()).toList();
    }

    private HttpResponse<String> orthanc(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(orthancUri(path)).timeout(Duration.ofSeconds(60));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI orthancUri(String path) {
        return URI.create("http://127.0.0.1:" + orthancHttp + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
