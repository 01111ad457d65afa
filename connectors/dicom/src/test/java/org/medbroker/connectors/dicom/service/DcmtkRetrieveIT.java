package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.testing.Dcmtk;

/** C-GET and C-MOVE against dcmtk's getscu and movescu, objects first stored with storescu. */
class DcmtkRetrieveIT {

    static final String STUDY_A = "1.2.826.0.1.3680043.2.1143.20";
    static final String STUDY_B = "1.2.826.0.1.3680043.2.1143.21";

    @TempDir
    static Path dir;

    static ExecutorService workers;
    static DicomServer server;
    static String port;
    static int movescuPort;
    static int deadPort;
    static final InMemoryRetrieveProvider objects = new InMemoryRetrieveProvider();

    static StoreResult keepAndIndex(ReceivedObject o) throws IOException {
        Path file = dir.resolve("store").resolve(o.sopInstanceUid() + ".dcm");
        Files.move(o.file(), file);
        Attributes keys = Part10.readDatasetUntilPixelData(file).dataset();
        objects.add(keys, new RetrievableObject(file, o.dataSetOffset(), o.sopClassUid(), o.sopInstanceUid(),
                o.transferSyntaxUid()));
        return StoreResult.stored();
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("incoming"));
        Files.createDirectories(dir.resolve("store"));
        workers = Executors.newFixedThreadPool(4);
        try (ServerSocket free = new ServerSocket(0); ServerSocket dead = new ServerSocket(0)) {
            movescuPort = free.getLocalPort();
            deadPort = dead.getLocalPort();
        }
        server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER"))
                .service(new StorageScp(dir.resolve("incoming"), DcmtkRetrieveIT::keepAndIndex, workers))
                .service(new GetScp(objects, workers, 65536, Duration.ofSeconds(30)))
                .service(new MoveScp(objects, Map.of("MOVESCU", new InetSocketAddress("127.0.0.1", movescuPort),
                        "DEAD", new InetSocketAddress("127.0.0.1", deadPort)),
                        AssociationPolicy.builder().build(), workers, 65536, Duration.ofSeconds(30)))
                .start();
        port = Integer.toString(server.port());
        for (String[] o : new String[][] {{STUDY_A, "1"}, {STUDY_A, "2"}, {STUDY_B, "3"}}) {
            String dump = String.join("\n",
                    "(0008,0016) UI =SecondaryCaptureImageStorage",
                    "(0008,0018) UI " + o[0] + ".1." + o[1],
                    "(0010,0010) PN Retrieve^Test",
                    "(0010,0020) LO RT1",
                    "(0020,000d) UI " + o[0],
                    "(0020,000e) UI " + o[0] + ".1",
                    "(0028,0002) US 1", "(0028,0004) CS MONOCHROME2", "(0028,0010) US 2", "(0028,0011) US 2",
                    "(0028,0100) US 8", "(0028,0101) US 8", "(0028,0102) US 7", "(0028,0103) US 0",
                    "(7fe0,0010) OB 01\\02\\03\\" + o[1], "");
            Files.writeString(dir.resolve("o" + o[1] + ".dump"), dump);
            Dcmtk.ok(dir, "dump2dcm", "+te", "o" + o[1] + ".dump", "o" + o[1] + ".dcm");
            Dcmtk.ok(dir, "storescu", "-aec", "MEDBROKER", "127.0.0.1", port, "o" + o[1] + ".dcm");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        workers.shutdownNow();
    }

    @Test
    void getscuRetrievesAStudyOnTheSameAssociation() throws Exception {
        Path out = Files.createDirectories(dir.resolve("get"));
        Dcmtk.Result r = Dcmtk.ok(dir, "getscu", "-v", "-S", "-aec", "MEDBROKER", "-k", "QueryRetrieveLevel=STUDY",
                "-k", "StudyInstanceUID=" + STUDY_A, "-od", out.toString(), "127.0.0.1", port);
        assertThat(r.all()).contains("Received C-GET Response (Success)")
                .contains("Number of Completed Suboperations : 2").contains("Number of Failed Suboperations    : 0");
        assertReceivedStudyA(out);
    }

    @Test
    void movescuMovesAStudyToItsOwnStorageScp() throws Exception {
        Path out = Files.createDirectories(dir.resolve("move"));
        Dcmtk.Result r = Dcmtk.ok(dir, "movescu", "-v", "-S", "-aet", "MOVESCU", "-aem", "MOVESCU", "-aec", "MEDBROKER",
                "+P", Integer.toString(movescuPort), "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + STUDY_A,
                "-od", out.toString(), "127.0.0.1", port);
        assertThat(r.all()).contains("Received Final Move Response (Success)");
        assertReceivedStudyA(out);
    }

    @Test
    void movescuToAnUnknownDestinationIsRefused() throws Exception {
        Dcmtk.Result r = Dcmtk.run(dir, "movescu", "-v", "-S", "-aet", "MOVESCU", "-aem", "NOBODY", "-aec", "MEDBROKER",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + STUDY_A, "127.0.0.1", port);
        assertThat(r.all()).contains("Received Final Move Response (Refused: MoveDestinationUnknown)");
    }

    @Test
    void movescuToADestinationThatDoesNotAnswerFailsEverySubOperation() throws Exception {
        Dcmtk.Result r = Dcmtk.run(dir, "movescu", "-v", "-S", "-aet", "MOVESCU", "-aem", "DEAD", "-aec", "MEDBROKER",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + STUDY_A, "127.0.0.1", port);
        assertThat(r.all()).contains("Received Final Move Response (Refused: OutOfResourcesSubOperations)");
    }

    private static void assertReceivedStudyA(Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSize(2);
        for (Path received : files) {
            Attributes ds = Part10.readDatasetUntilPixelData(received).dataset();
            assertThat(ds.getString(Tag.StudyInstanceUID)).isEqualTo(STUDY_A);
            String n = ds.getString(Tag.SOPInstanceUID).substring((STUDY_A + ".1.").length());
            assertThat(dataSet(received)).as("data set of object %s as stored", n)
                    .isEqualTo(dataSet(dir.resolve("o" + n + ".dcm")));
        }
    }

    private static byte[] dataSet(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            return Arrays.copyOfRange(all, 144 + head.getInt(140), all.length);
        }
    }
}
