package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.TestBroker;
import org.medbroker.engine.testsupport.LogCapture;
import org.medbroker.engine.testsupport.TestCertificates;

/**
 * A DICOM listener with TLS (PS3.15 B.1) against dcmtk's TLS client (BCP 195 profile, the broker's
 * certificate as the one trusted): echo, store and find over TLS; a peer speaking plain DICOM to the
 * TLS port gets no association, and the listener goes on serving TLS peers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DicomTlsInteropTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77.95";

    @TempDir
    static Path tmp;
    private TestBroker broker;
    private Path storage;
    private Path trusted;

    @BeforeAll
    void start() throws Exception {
        Dcmtk.assumeInstalled();
        Path keys = TestCertificates.keyStore(tmp, "medbroker", "IP:127.0.0.1");
        trusted = TestCertificates.pem(tmp, "medbroker", keys);
        storage = tmp.resolve("images");
        broker = TestBroker.withListeners(tmp.resolve("broker"), TestBroker.dicomListener("imaging", """
                tls: {keyStore: %s, keyStorePassword: %s, keyStoreType: PKCS12}
                storage:
                  directory: %s
                """.formatted(keys, TestCertificates.PASSWORD, storage)));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void echoStoreAndFindOverTls() throws Exception {
        Path files = Files.createDirectories(tmp.resolve("files"));
        Dcmtk.ok(files, tls("echoscu"));
        Path slice = CtSlices.writeSlice(files.resolve("1.dcm"), STUDY, 1, "Соколов^Илья", "MRN-9595", 4096);

        Dcmtk.Result stored = Dcmtk.run(files, tls("storescu", "-v", slice.toString()));
        assertThat(stored.exitCode()).as(stored.all()).isZero();
        assertThat(stored.all()).contains("Received Store Response (Success)");
        Path file = storage.resolve(STUDY).resolve(STUDY + ".1").resolve(STUDY + ".1.1.dcm");
        assertThat(Part10.readDatasetUntilPixelData(file).dataset().getString(Tag.PatientName)).isEqualTo("Соколов^Илья");

        Path found = Files.createDirectories(files.resolve("found"));
        Dcmtk.ok(found, tls("findscu", "-S", "-X", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + STUDY,
                "-k", "SpecificCharacterSet=ISO_IR 192", "-k", "PatientName"));
        try (var responses = Files.list(found)) {
            assertThat(responses.filter(p -> p.getFileName().toString().startsWith("rsp")).toList()).singleElement()
                    .satisfies(rsp -> assertThat(Part10.readDatasetUntilPixelData(rsp).dataset().getString(Tag.PatientName))
                            .isEqualTo("Соколов^Илья"));
        }
    }

    @Test
    void aPlainDicomPeerGetsNoAssociationAndTlsPeersAreStillServed() throws Exception {
        Dcmtk.Result plain;
        try (LogCapture log = LogCapture.root()) {
            plain = Dcmtk.run(tmp, "echoscu", "-to", "5", "-ta", "5", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1", port());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.text())
                    .as("what the admin reads").contains("plain DICOM on a TLS port?"));
        }
        assertThat(plain.exitCode()).as(plain.all()).isNotZero();
        assertThat(plain.all()).doesNotContain("Received Echo Response");
        Dcmtk.ok(tmp, tls("echoscu"));
    }

    /** A dcmtk command over anonymous TLS that trusts only the broker's certificate. */
    private String[] tls(String tool, String... more) {
        return Stream.concat(Stream.of(tool, "+tla", "+cf", trusted.toString(), "-aet", "CT01", "-aec", "MEDBROKER",
                "127.0.0.1", port()), Stream.of(more)).toArray(String[]::new);
    }

    private String port() {
        return Integer.toString(broker.port("imaging"));
    }
}
