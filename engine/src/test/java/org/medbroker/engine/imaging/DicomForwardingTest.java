package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
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
import org.medbroker.engine.Broker;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;

/**
 * A study stored into the broker by dcmtk's storescu is forwarded by C-STORE to a PACS, and announced
 * to the MIS as an ORU^R01: dcmtk's storescp as the PACS, down at first and then up (delivered after
 * the retry, every instance once and byte-identical in its data set); a PACS that fails one instance
 * (A700) and then answers the resent ones as duplicates (0111); the modality filter.
 */
class DicomForwardingTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.93.1";
    private static final String SERIES = STUDY + ".1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private TestMis mis;
    private Broker broker;
    private Process storescp;
    private DicomServer ownPacs;
    private ExecutorService pacsWorkers;

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
        if (ownPacs != null) {
            ownPacs.close();
        }
        if (pacsWorkers != null) {
            pacsWorkers.shutdownNow();
        }
        mis.close();
    }

    @Test
    void forwardsTheStudyToAPacsThatComesUpLateAndAnnouncesItToTheMis() throws Exception {
        int pacsPort = freePort();
        startBroker(pacsPort);
        List<Path> originals = storeStudy(3);

        await().atMost(WAIT).until(() -> count("SELECT COUNT(*) FROM outbound_attempt WHERE destination = 'pacs'"
                + " AND outcome = 'unreachable'") >= 1);
        assertThat(status("pacs")).isEqualTo("pending");

        Path received = Files.createDirectories(tmp.resolve("pacs"));
        storescp = new ProcessBuilder("storescp", "-aet", "PACS", "+B", "+uf", "-od", received.toString(),
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
        List<String> attempts = column("SELECT outcome || ' ' || COALESCE(detail, '') FROM outbound_attempt"
                + " WHERE destination = 'pacs' ORDER BY attempt_at");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0)).startsWith("rejected AE: MB-0745: 1 of 3 C-STORE operations failed:")
                .contains(SERIES + ".2=A700");
        assertThat(attempts.get(1)).startsWith("delivered");
        assertThat(storedTimes.keySet()).containsExactlyInAnyOrder(SERIES + ".1", SERIES + ".2", SERIES + ".3");
        assertThat(calls.get()).isEqualTo(6);
    }

    private void startBroker(int pacsPort) throws Exception {
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
                    storeTimeout: 10s
                    initialBackoff: 200ms
                    maxBackoff: 500ms
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
                routes:
                  - from: imaging
                    to: [pacs, mr-pacs, mis]
                """.formatted(pacsPort, pacsPort, mis.port()));
        broker = Broker.start(new ConfigLoader(Map.of()).load(config));
    }

    private List<Path> storeStudy(int slices) throws IOException {
        Path files = Files.createDirectories(tmp.resolve("files"));
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i <= slices; i++) {
            paths.add(Dcmtk.fromDump(files, "ct" + i, CtSlices.ctSlice("ISO_IR 192", "Смирнов^Пётр", "MRN-93", STUDY, SERIES,
                    SERIES + "." + i, i, "ACC-93", "20261130"), StandardCharsets.UTF_8));
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
        List<String> statuses = column("SELECT status FROM outbound_queue WHERE destination = '" + destination + "'");
        return statuses.isEmpty() ? null : String.join(",", statuses);
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(column(sql).get(0));
    }

    private List<String> column(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = broker.store().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
