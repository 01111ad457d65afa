package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.DicomInputStream;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.service.DicomServer;
import org.medbroker.connectors.dicom.service.StorageScp;
import org.medbroker.connectors.dicom.service.StoreResult;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.connectors.tcp.ServerTls;
import org.medbroker.engine.Broker;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.StoreRows;
import org.medbroker.engine.testsupport.TestCertificates;
import org.medbroker.engine.testsupport.TestMis;

/**
 * A study stored into the broker by dcmtk's storescu is forwarded by C-STORE to a PACS, and announced
 * to the MIS as an ORU^R01: dcmtk's storescp as the PACS, down at first and then up (delivered after
 * the retry, every instance once and byte-identical in its data set); a PACS that fails one instance
 * (A700) and then answers the resent ones as duplicates (0111); the modality filter; the webhook's
 * signed study JSON and the folder's ORU file; TLS to a PACS only when its certificate names the host;
 * Orthanc as the PACS, holding every instance with the data set as sent; a PACS that does not answer.
 */
class DicomForwardingTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.93.1";
    private static final String SERIES = STUDY + ".1";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOOK_SECRET = "hook-secret-0123456789";
    private static final String PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    Path tmp;
    private TestMis mis;
    private Broker broker;
    private Process storescp;
    private Process orthanc;
    private DicomServer ownPacs;
    private ExecutorService pacsWorkers;
    private HttpServer webhook;
    private String storeTimeout = "10s";

    @BeforeEach
    void start() throws Exception {
        Dcmtk.assumeInstalled();
        mis = TestMis.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (storescp != null) {
            storescp.destroy();
            if (!storescp.waitFor(10, TimeUnit.SECONDS)) {
                storescp.destroyForcibly().waitFor();
            }
        }
        if (orthanc != null) {
            orthanc.destroy();
            if (!orthanc.waitFor(10, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly().waitFor();
            }
        }
        if (ownPacs != null) {
            ownPacs.close();
        }
        if (pacsWorkers != null) {
            pacsWorkers.shutdownNow();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
        mis.close();
    }

    @Test
    void forwardsTheStudyToAPacsThatComesUpLateAndAnnouncesItToTheMis() throws Exception {
        int pacsPort = freePort();
        List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("X-Medbroker-Signature");
            String t = signature.substring(2, signature.indexOf(','));
            boolean valid = signature.endsWith(",v1=" + hmac(HOOK_SECRET, t + "." + body));
            hooks.add(valid + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
        });
        webhook.start();
        Path outbox = tmp.resolve("outbox");
        startBroker(pacsPort, "", """
                - name: events
                  type: webhook
                  url: http://127.0.0.1:%d/events
                  secret: %s
                - name: outbox
                  type: file
                  directory: %s
                """.formatted(webhook.getAddress().getPort(), HOOK_SECRET, outbox), ", events, outbox");
        List<Path> originals = storeStudy(3);

        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM outbound_attempt WHERE destination = 'pacs'"
                + " AND outcome = 'unreachable'") >= 1);
        assertThat(status("pacs")).isEqualTo("pending");

        Path received = Files.createDirectories(tmp.resolve("pacs"));
        storescp = new ProcessBuilder("storescp", "-aet", "PACS", "+B", "+uf", "--max-pdu", "8192", "-od", received.toString(),
                Integer.toString(pacsPort)).redirectErrorStream(true).redirectOutput(tmp.resolve("storescp.log").toFile())
                .start();
        await().atMost(WAIT).until(() -> "delivered".equals(status("pacs")));

        Map<String, byte[]> sent = new HashMap<>();
        for (Path original : originals) {
            sent.put(sopInstanceUid(original), dataSet(original));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(received)) {
            files = list.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(3);
        assertThat(originals.get(2)).satisfies(big -> assertThat(Files.size(big)).isGreaterThan(128 * 1024));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (Path file : files) {
            String uid = sopInstanceUid(file);
            assertThat(seen.add(uid)).as("received once: " + uid).isTrue();
            assertThat(dataSet(file)).as("data set of " + uid).isEqualTo(sent.get(uid));
        }
        assertThat(count("SELECT COUNT(*) FROM outbound_attempt WHERE destination = 'pacs' AND outcome = 'delivered'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbound_queue WHERE destination = 'mr-pacs'")).isZero();

        TestMis.await(WAIT, () -> mis.acceptedCount() == 1, "the study announcement at the MIS");
        TestMis.Received oru = mis.acceptedInOrder().get(0);
        assertThat(oru.field("MSH", 9)).isEqualTo("ORU^R01^ORU_R01");
        assertThat(oru.field("MSH", 12)).isEqualTo("2.5.1");
        assertThat(oru.field("MSH", 18)).isEqualTo("UNICODE UTF-8");
        assertThat(oru.controlId()).startsWith("MS1.");
        assertThat(oru.field("PID", 3)).isEqualTo("MRN-93^^^CLINIC^MR");
        assertThat(new String(oru.field("PID", 5).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
                .isEqualTo("Смирнов^Пётр");
        assertThat(oru.field("OBR", 3)).isEqualTo("ACC-93");
        assertThat(oru.field("OBR", 18)).isEqualTo("ACC-93");
        assertThat(oru.field("OBR", 7)).isEqualTo("20261130101500");
        assertThat(oru.field("OBR", 24)).isEqualTo("CT");
        List<String> obx = oru.text().lines().flatMap(l -> Stream.of(l.split("\r"))).filter(l -> l.startsWith("OBX|")).toList();
        assertThat(obx).hasSize(2);
        assertThat(obx.get(0).split("\\|")[2]).isEqualTo("ST");
        assertThat(obx.get(0).split("\\|")[5]).isEqualTo(STUDY);
        assertThat(obx.get(1).split("\\|")[2]).isEqualTo("RP");
        assertThat(obx.get(1).split("\\|")[5]).startsWith("ImagingStudy/");

        await().atMost(WAIT).until(() -> hooks.size() == 1);
        assertThat(hooks.get(0)).startsWith("true MS1.").contains("{\"type\":\"studyAvailable\",\"id\":\"MS1.")
                .contains("\"studyInstanceUid\":\"" + STUDY + "\"").contains("\"accessionNumber\":\"ACC-93\"")
                .contains("\"modalities\":[\"CT\"]").contains("\"instances\":3").doesNotContain("Смирнов");
        await().atMost(WAIT).until(() -> "delivered".equals(status("outbox")));
        try (Stream<Path> list = Files.list(outbox)) {
            List<Path> written = list.toList();
            assertThat(written).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).matches("MS1\\.[0-9A-Z]{4}\\.hl7");
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).startsWith("MSH|^~\\&|MEDBROKER|MEDBROKER|||")
                        .contains("|ORU^R01^ORU_R01|").contains("\rPID|1||MRN-93^^^CLINIC^MR||Смирнов^Пётр||")
                        .contains("|ST|110180^Study Instance UID^DCM||" + STUDY + "|");
            });
        }
    }

    @Test
    void aPacsThatDoesNotAnswerIsAbortedAndTheStudySentAgain() throws Exception {
        pacsWorkers = Executors.newFixedThreadPool(2);
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Set<String> stored = ConcurrentHashMap.newKeySet();
        ownPacs = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("PACS"))
                .service(new StorageScp(Files.createDirectories(tmp.resolve("slow-pacs")), object -> {
                    Files.delete(object.file());
                    if (calls.incrementAndGet() == 1) {
                        try {
                            released.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return StoreResult.of(StoreResult.Outcome.OUT_OF_RESOURCES, "too late");
                    }
                    stored.add(object.sopInstanceUid());
                    return StoreResult.stored();
                }, pacsWorkers, false))
                .start();
        storeTimeout = "1s";
        startBroker(ownPacs.port());
        storeStudy(2);
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM outbound_attempt WHERE destination = 'pacs'"
                + " AND outcome = 'timeout'") == 1);
        released.countDown();
        await().atMost(WAIT).until(() -> "delivered".equals(status("pacs")));
        assertThat(StoreRows.column(broker, "SELECT detail FROM outbound_attempt WHERE destination = 'pacs' AND outcome = 'timeout'"))
                .singleElement().asString().contains("no C-STORE-RSP within 1000 ms (instance 1 of 2)");
        assertThat(stored).containsExactlyInAnyOrder(SERIES + ".1", SERIES + ".2");
        assertThat(count("SELECT COUNT(*) FROM outbound_queue WHERE destination = 'pacs' AND attempts = 1")).isEqualTo(1);
    }

    @Test
    void forwardsTheStudyToOrthanc() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/Orthanc")) || System.getenv("CI") != null,
                "Orthanc is not installed");
        int http = freePort();
        int dicom = freePort();
        Path home = Files.createDirectories(tmp.resolve("orthanc"));
        Path config = home.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "medbroker-forwarding",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "PACS",
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "Plugins": []
                }
                """.formatted(home.resolve("storage"), home.resolve("index"), http, dicom));
        orthanc = new ProcessBuilder("/usr/sbin/Orthanc", config.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("orthanc.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        java.util.function.Function<String, HttpResponse<byte[]>> get = path -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
        await().atMost(WAIT).ignoreExceptions().until(() -> get.apply("/system").statusCode() == 200);

        startBroker(dicom);
        List<Path> originals = storeStudy(3);
        await().atMost(WAIT).until(() -> "delivered".equals(status("pacs")));

        String ids = new String(get.apply("/instances").body(), StandardCharsets.UTF_8).replaceAll("[\\[\\]\"\\s]", "");
        assertThat(ids.split(",")).hasSize(3);
        Map<String, byte[]> atOrthanc = new HashMap<>();
        for (String id : ids.split(",")) {
            Path file = tmp.resolve("orthanc-" + id + ".dcm");
            Files.write(file, get.apply("/instances/" + id + "/file").body());
            atOrthanc.put(sopInstanceUid(file), dataSet(file));
        }
        for (Path original : originals) {
            assertThat(atOrthanc.get(sopInstanceUid(original))).as(original.getFileName().toString())
                    .isEqualTo(dataSet(original));
        }
    }

    @Test
    void forwardsOverTlsOnlyToAPacsWhoseCertificateNamesTheHost() throws Exception {
        // both certificates are trusted: only the host name tells them apart
        Path good = TestCertificates.keyStore(tmp, "pacs", "IP:127.0.0.1");
        Path wrong = TestCertificates.keyStore(tmp, "other", "DNS:pacs.elsewhere.example");
        pacsWorkers = Executors.newFixedThreadPool(2);
        Set<String> stored = ConcurrentHashMap.newKeySet();
        ownPacs = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("PACS"))
                .tls(ServerTls.fromKeyStore(wrong, PASSWORD, "PKCS12"))
                .service(new StorageScp(Files.createDirectories(tmp.resolve("tls-pacs")), object -> {
                    Files.delete(object.file());
                    stored.add(object.sopInstanceUid());
                    return StoreResult.stored();
                }, pacsWorkers, false))
                .start();
        int port = ownPacs.port();
        startBroker(port, "tls: {trustStore: %s, trustStorePassword: %s}".formatted(TestCertificates.trustStore(tmp, Map.of("pacs", good, "other", wrong)),
                PASSWORD),
                "", "");
        storeStudy(2);
        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM outbound_attempt WHERE destination = 'pacs'"
                + " AND outcome = 'unreachable'") >= 1);
        assertThat(stored).isEmpty();
        ownPacs.close();

        ownPacs = DicomServer.builder().bind("127.0.0.1", port)
                .policy(AssociationPolicy.builder().calledAeTitle("PACS"))
                .tls(ServerTls.fromKeyStore(good, PASSWORD, "PKCS12"))
                .service(new StorageScp(tmp.resolve("tls-pacs"), object -> {
                    Files.delete(object.file());
                    stored.add(object.sopInstanceUid());
                    return StoreResult.stored();
                }, pacsWorkers, false))
                .start();
        await().atMost(WAIT).until(() -> "delivered".equals(status("pacs")));
        assertThat(stored).containsExactlyInAnyOrder(SERIES + ".1", SERIES + ".2");
    }

    private static String hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailedInstanceIsRetriedAndDuplicatesFromTheFirstAttemptCountAsStored() throws Exception {
        pacsWorkers = Executors.newFixedThreadPool(2);
        Map<String, AtomicInteger> storedTimes = new ConcurrentHashMap<>();
        AtomicInteger calls = new AtomicInteger();
        Path incoming = Files.createDirectories(tmp.resolve("own-pacs"));
        ownPacs = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("PACS"))
                .service(new StorageScp(incoming, object -> {
                    Files.delete(object.file());
                    if (calls.incrementAndGet() == 2) {
                        return StoreResult.of(StoreResult.Outcome.OUT_OF_RESOURCES, "disk full");
                    }
                    int times = storedTimes.computeIfAbsent(object.sopInstanceUid(), k -> new AtomicInteger()).incrementAndGet();
                    return times == 1 ? StoreResult.stored() : StoreResult.of(StoreResult.Outcome.DUPLICATE, "have it");
                }, pacsWorkers, false))
                .start();
        startBroker(ownPacs.port());
        storeStudy(3);

        await().atMost(WAIT).until(() -> "delivered".equals(status("pacs")));
        List<String> attempts = StoreRows.column(broker, "SELECT outcome || ' ' || COALESCE(detail, '') FROM outbound_attempt"
                + " WHERE destination = 'pacs' ORDER BY attempt_at");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0)).startsWith("rejected AE: MB-0745: 1 of 3 C-STORE operations failed:")
                .contains(SERIES + ".2=A700");
        assertThat(attempts.get(1)).startsWith("delivered");
        assertThat(storedTimes.keySet()).containsExactlyInAnyOrder(SERIES + ".1", SERIES + ".2", SERIES + ".3");
        assertThat(calls.get()).isEqualTo(6);
    }

    private void startBroker(int pacsPort) throws Exception {
        startBroker(pacsPort, "", "", "");
    }

    /** {@code pacsTls}: lines added to the pacs destination; {@code more}: more destinations, also routed from imaging. */
    private void startBroker(int pacsPort, String pacsTls, String more, String moreNames) throws Exception {
        Path config = tmp.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                http:
                  bind: 127.0.0.1
                  port: 0
                listeners:
                  - name: imaging
                    type: dicom
                    bind: 127.0.0.1
                    port: 0
                    aeTitle: MEDBROKER
                    storage:
                      fsync: false
                destinations:
                  - name: pacs
                    type: dicom
                    calledAeTitle: PACS
                    host: 127.0.0.1
                    port: %d
                    callingAeTitle: MEDBROKER
                    connectTimeout: 2s
                    storeTimeout: %s
                    initialBackoff: 200ms
                    maxBackoff: 500ms
                %s
                  - name: mr-pacs
                    type: dicom
                    calledAeTitle: MRPACS
                    host: 127.0.0.1
                    port: %d
                    filter: {modalities: [MR]}
                  - name: mis
                    type: hl7-mllp
                    address: 127.0.0.1:%d
                    filter: {listeners: [imaging], modalities: [CT]}
                %s
                routes:
                  - from: imaging
                    to: [pacs, mr-pacs, mis%s]
                """.formatted(pacsPort, storeTimeout, pacsTls.strip().indent(4).stripTrailing(), pacsPort, mis.port(),
                more.strip().indent(2).stripTrailing(), moreNames));
        broker = Broker.start(new ConfigLoader(Map.of()).load(config));
    }

    private List<Path> storeStudy(int slices) throws IOException {
        Path files = Files.createDirectories(tmp.resolve("files"));
        List<Path> paths = new ArrayList<>();
        Path pixels = files.resolve("pixels.raw");
        byte[] noise = new byte[256 * 256 * 2];
        new java.util.Random(93).nextBytes(noise);
        Files.write(pixels, noise);
        for (int i = 1; i <= slices; i++) {
            String dump = CtSlices.ctSlice("ISO_IR 192", "Смирнов^Пётр", "MRN-93", STUDY, SERIES, SERIES + "." + i, i, "ACC-93",
                    "20261130");
            if (i == slices) {
                // the last slice 256 x 256: its 128 KB cross many P-DATA-TFs of the PACS's maximum length
                dump = dump.replace("(0028,0010) US 4", "(0028,0010) US 256").replace("(0028,0011) US 4", "(0028,0011) US 256")
                        .replaceAll("\\(7fe0,0010\\) OW .*", "(7fe0,0010) OW =" + pixels);
            }
            paths.add(Dcmtk.fromDump(files, "ct" + i, dump, StandardCharsets.UTF_8));
        }
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1",
                Integer.toString(broker.listenerPort("imaging"))));
        paths.forEach(p -> command.add(p.toString()));
        Dcmtk.ok(files, command.toArray(String[]::new));
        return paths;
    }

    private static String sopInstanceUid(Path file) throws IOException {
        return Part10.readDatasetUntilPixelData(file).dataset().getString(Tag.SOPInstanceUID);
    }

    /** The bytes after the File Meta Information. */
    private static byte[] dataSet(Path file) throws IOException {
        long offset;
        try (InputStream in = Files.newInputStream(file);
             DicomInputStream dis = new DicomInputStream(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                     DicomInputStream.Options.DEFAULT, 8192)) {
            Part10.readHeader(dis);
            offset = dis.position();
        }
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(all, (int) offset, all.length);
    }

    private String status(String destination) throws Exception {
        List<String> statuses = StoreRows.column(broker, "SELECT status FROM outbound_queue WHERE destination = '" + destination + "'");
        return statuses.isEmpty() ? null : String.join(",", statuses);
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(StoreRows.column(broker, sql).get(0));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
