package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.PersonName;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.testing.Dcmtk;

/**
 * Our server against dcmtk's echoscu, storescu and findscu, as separate processes over loopback.
 * Runs in a 192 MB heap (see the module's pom), so receiving a 200 MB object only passes if it streams.
 */
class DcmtkInteropIT {

    @TempDir
    static Path dir;

    static Path incoming;
    static Path store;
    static final List<ReceivedObject> received = new CopyOnWriteArrayList<>();
    static ExecutorService workers;
    static DicomServer server;
    static String port;

    /** Moves each object to store/<SOP Instance UID>.dcm; an existing one is kept (duplicate policy keep). */
    static StoreResult moveIntoStore(ReceivedObject object) throws IOException {
        received.add(object);
        try {
            Files.move(object.file(), store.resolve(object.sopInstanceUid() + ".dcm"));
            return StoreResult.stored();
        } catch (FileAlreadyExistsException e) {
            return StoreResult.of(StoreResult.Outcome.DUPLICATE, "MB-TEST: instance exists, kept");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        incoming = Files.createDirectories(dir.resolve("incoming"));
        store = Files.createDirectories(dir.resolve("store"));
        workers = Executors.newFixedThreadPool(4);
        InMemoryQueryProvider studies = new InMemoryQueryProvider()
                .add("STUDY", study("Smith^John", "PID1", "1.2.826.0.1.3680043.2.1143.1", "20240105"))
                .add("STUDY", study("Smithers^Anna", "PID2", "1.2.826.0.1.3680043.2.1143.2", "20240210"))
                .add("STUDY", study("Jones^Bob", "PID3", "1.2.826.0.1.3680043.2.1143.3", "20240301"));
        Attributes step = new Attributes();
        step.setPersonName(Tag.PatientName, PersonName.parse("Worklist^Wendy"));
        step.setString(Tag.PatientID, VR.LO, "WL1");
        Attributes sps = step.newSequence(Tag.of(0x0040, 0x0100)).addItem();
        sps.setString(Tag.Modality, VR.CS, "MR");
        sps.setString(Tag.of(0x0040, 0x0001), VR.AE, "MR1");
        sps.setString(Tag.of(0x0040, 0x0002), VR.DA, "20240115");
        Attributes other = new Attributes();
        other.setPersonName(Tag.PatientName, PersonName.parse("Worklist^Walter"));
        other.newSequence(Tag.of(0x0040, 0x0100)).addItem().setString(Tag.Modality, VR.CS, "CT");
        studies.add(QueryRequest.WORKLIST, step).add(QueryRequest.WORKLIST, other);
        for (int i = 0; i < 50; i++) {
            studies.add("STUDY", study("Many^Patient" + i, "MANY" + i, "1.2.826.0.1.3680043.2.1143.100." + i, "20230101"));
        }
        server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER").maxPduLength(16384))
                .service(new VerificationScp())
                .service(new StorageScp(incoming, DcmtkInteropIT::moveIntoStore, workers))
                .service(new QueryScp(studies, workers, 65536))
                .start();
        port = Integer.toString(server.port());
        writeSmallObject();
    }

    @AfterAll
    static void stop() {
        server.close();
        workers.shutdownNow();
    }

    private static Attributes study(String name, String patientId, String studyUid, String date) {
        Attributes a = new Attributes();
        a.setPersonName(Tag.PatientName, PersonName.parse(name));
        a.setString(Tag.PatientID, VR.LO, patientId);
        a.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        a.setString(Tag.StudyDate, VR.DA, date);
        a.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "MR");
        return a;
    }

    /** A 64x64 8-bit secondary capture image from dump2dcm, then the same in every transfer syntax tested. */
    private static void writeSmallObject() throws Exception {
        byte[] pixels = new byte[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                pixels[y * 64 + x] = (byte) (x * 4);
            }
        }
        Files.write(dir.resolve("pixels.raw"), pixels);
        Files.writeString(dir.resolve("small.dump"), String.join("\n",
                "(0002,0010) UI =LittleEndianExplicit",
                "(0008,0016) UI =SecondaryCaptureImageStorage",
                "(0008,0018) UI 1.2.826.0.1.3680043.2.1143.9.1",
                "(0008,0060) CS OT",
                "(0010,0010) PN Test^Small",
                "(0010,0020) LO SMALL1",
                "(0020,000d) UI 1.2.826.0.1.3680043.2.1143.9",
                "(0020,000e) UI 1.2.826.0.1.3680043.2.1143.9.0",
                "(0028,0002) US 1",
                "(0028,0004) CS MONOCHROME2",
                "(0028,0010) US 64",
                "(0028,0011) US 64",
                "(0028,0100) US 8",
                "(0028,0101) US 8",
                "(0028,0102) US 7",
                "(0028,0103) US 0",
                "(7fe0,0010) OB =pixels.raw", ""));
        Dcmtk.ok(dir, "dump2dcm", "small.dump", "small-source.dcm");
        for (String[] variant : new String[][] {{"+ti", "implicit"}, {"+te", "explicit"}, {"+tb", "bigendian"}, {"+td", "deflated"}}) {
            Dcmtk.ok(dir, "dcmconv", variant[0], "small-source.dcm", "tmp.dcm");
            Dcmtk.ok(dir, "dcmodify", "-nb", "-m", "(0008,0018)=1.2.826.0.1.3680043.2.1143.9.1." + variant[1], "tmp.dcm");
            Files.move(dir.resolve("tmp.dcm"), dir.resolve(variant[1] + ".dcm"));
        }
        Dcmtk.ok(dir, "dcmcjpeg", "+eb", "small-source.dcm", "tmp.dcm");
        Dcmtk.ok(dir, "dcmodify", "-nb", "-m", "(0008,0018)=1.2.826.0.1.3680043.2.1143.9.1.jpeg", "tmp.dcm");
        Files.move(dir.resolve("tmp.dcm"), dir.resolve("jpeg.dcm"));
    }

    @Test
    void echoscuGetsSuccess() throws Exception {
        Dcmtk.Result r = Dcmtk.ok(dir, "echoscu", "-v", "-aet", "ECHOSCU", "-aec", "MEDBROKER", "127.0.0.1", port);
        assertThat(r.all()).contains("Received Echo Response (Success)");
    }

    @Test
    void echoscuWithAWrongCalledAeTitleIsRejected() throws Exception {
        Dcmtk.Result r = Dcmtk.run(dir, "echoscu", "-aet", "ECHOSCU", "-aec", "NOT-US", "127.0.0.1", port);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("Rejected").containsIgnoringCase("Called AE Title Not Recognized");
    }

    @Test
    void storescuImplicitLittleEndian() throws Exception {
        storeAndCompare("implicit", "-xi", UID.ImplicitVRLittleEndian);
    }

    @Test
    void storescuExplicitLittleEndian() throws Exception {
        storeAndCompare("explicit", "-xe", UID.ExplicitVRLittleEndian);
    }

    @Test
    void storescuExplicitBigEndian() throws Exception {
        storeAndCompare("bigendian", "-xb", UID.ExplicitVRBigEndian);
    }

    @Test
    void storescuDeflated() throws Exception {
        storeAndCompare("deflated", "-xd", UID.DeflatedExplicitVRLittleEndian);
    }

    @Test
    void storescuJpegBaselineStoredAsReceived() throws Exception {
        storeAndCompare("jpeg", "-xy", UID.JPEGBaseline8Bit);
    }

    private void storeAndCompare(String variant, String option, String transferSyntax) throws Exception {
        Path source = dir.resolve(variant + ".dcm");
        String iuid = "1.2.826.0.1.3680043.2.1143.9.1." + variant;
        Dcmtk.Result r = Dcmtk.ok(dir, "storescu", "-v", option, "-aet", "MODALITY", "-aec", "MEDBROKER",
                "127.0.0.1", port, source.toString());
        assertThat(r.all()).contains("Received Store Response (Success)");
        Path stored = store.resolve(iuid + ".dcm");
        assertThat(stored).exists();
        byte[] sent = dataSet(source);
        if (sent.length % 2 == 1) {
            // PS3.5 A.5: an odd deflated stream travels with one trailing NUL
            sent = java.util.Arrays.copyOf(sent, sent.length + 1);
        }
        assertThat(dataSet(stored)).as("data set as sent").isEqualTo(sent);
        Dcmtk.Result dump = Dcmtk.ok(dir, "dcmdump", "-M", stored.toString());
        assertThat(dump.stdout()).contains("TransferSyntaxUID").contains("=" + tsName(transferSyntax))
                .contains("[MODALITY]").contains(iuid);
        ReceivedObject object = received.stream().filter(o -> o.sopInstanceUid().equals(iuid)).findFirst().orElseThrow();
        assertThat(object.transferSyntaxUid()).isEqualTo(transferSyntax);
        assertThat(object.callingAeTitle()).isEqualTo("MODALITY");
    }

    private static String tsName(String uid) {
        return switch (uid) {
            case UID.ImplicitVRLittleEndian -> "LittleEndianImplicit";
            case UID.ExplicitVRLittleEndian -> "LittleEndianExplicit";
            case UID.ExplicitVRBigEndian -> "BigEndianExplicit";
            case UID.DeflatedExplicitVRLittleEndian -> "DeflatedLittleEndianExplicit";
            default -> "JPEGBaseline";
        };
    }

    /** The bytes after a Part 10 file's meta information: preamble, DICM, (0002,0000) UL tells the rest. */
    private static byte[] dataSet(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int offset = dataSetOffset(file);
        return java.util.Arrays.copyOfRange(all, offset, all.length);
    }

    private static int dataSetOffset(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(144).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(head, 0);
            assertThat(new String(head.array(), 128, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DICM");
            return 144 + head.getInt(140);
        }
    }

    @Test
    void storescuDuplicateIsNotReportedAsSuccess() throws Exception {
        Dcmtk.ok(dir, "storescu", "-aet", "MODALITY", "-aec", "MEDBROKER", "127.0.0.1", port,
                dir.resolve("small-source.dcm").toString());
        Dcmtk.Result again = Dcmtk.run(dir, "storescu", "-v", "-aet", "MODALITY", "-aec", "MEDBROKER", "127.0.0.1",
                port, dir.resolve("small-source.dcm").toString());
        assertThat(again.all()).contains("0x111").doesNotContain("Received Store Response (Success)");
    }

    @Test
    void severalAssociationsAtOnce() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<Dcmtk.Result>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path file = dir.resolve("parallel" + i + ".dcm");
                Files.copy(dir.resolve("explicit.dcm"), file);
                Dcmtk.ok(dir, "dcmodify", "-nb", "-m", "(0008,0018)=1.2.826.0.1.3680043.2.1143.9.2." + i, file.toString());
                results.add(senders.submit(() -> Dcmtk.run(dir, "storescu", "-aet", "PARALLEL", "-aec", "MEDBROKER",
                        "127.0.0.1", port, file.toString())));
            }
            for (Future<Dcmtk.Result> result : results) {
                assertThat(result.get().exitCode()).as(result.get().all()).isZero();
            }
        } finally {
            senders.shutdownNow();
        }
        for (int i = 0; i < 4; i++) {
            assertThat(store.resolve("1.2.826.0.1.3680043.2.1143.9.2." + i + ".dcm")).exists();
        }
    }

    @Test
    void findscuStudyLevelWildcardReturnsTheMatches() throws Exception {
        Path out = Files.createDirectories(dir.resolve("find"));
        Dcmtk.Result r = Dcmtk.ok(dir, "findscu", "-v", "-S", "-aet", "FINDSCU", "-aec", "MEDBROKER",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=Smith*", "-k", "StudyInstanceUID",
                "-k", "StudyDate=20240101-20240131", "-X", "-od", out.toString(), "127.0.0.1", port);
        assertThat(r.all()).doesNotContain("Smithers");
        // StudyDate range leaves only Smith^John; drop it to get both Smith* studies
        Dcmtk.Result both = Dcmtk.ok(dir, "findscu", "-v", "-S", "-aet", "FINDSCU", "-aec", "MEDBROKER",
                "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientName=Smith*", "-k", "StudyInstanceUID",
                "-k", "PatientID", "127.0.0.1", port);
        assertThat(both.all()).contains("Smith^John").contains("Smithers^Anna").doesNotContain("Jones^Bob")
                .contains("PID1").contains("PID2");
        assertThat(countOf(both.all(), "Received Final Find Response (Success)")).isEqualTo(1);
        assertThat(countOf(both.all(), "Pending")).isEqualTo(2);
        Dcmtk.Result dump = Dcmtk.ok(dir, "dcmdump", out.resolve("rsp0001.dcm").toString());
        assertThat(dump.stdout()).contains("Smith^John").contains("1.2.826.0.1.3680043.2.1143.1");
        assertThat(out.resolve("rsp0002.dcm")).doesNotExist();
    }

    @Test
    void findscuWorklistMatchesOnTheScheduledProcedureStep() throws Exception {
        Dcmtk.Result r = Dcmtk.ok(dir, "findscu", "-v", "-W", "-aet", "FINDSCU", "-aec", "MEDBROKER",
                "-k", "PatientName", "-k", "PatientID", "-k", "(0040,0100)[0].Modality=MR",
                "-k", "(0040,0100)[0].ScheduledStationAETitle", "-k", "(0040,0100)[0].ScheduledProcedureStepStartDate=20240101-20240131",
                "127.0.0.1", port);
        assertThat(r.all()).contains("Worklist^Wendy").contains("WL1").contains("MR1").doesNotContain("Walter");
        assertThat(countOf(r.all(), "Pending")).isEqualTo(1);
    }

    @Test
    void findscuCancelEndsWithCancelStatus() throws Exception {
        Dcmtk.Result r = Dcmtk.run(dir, "findscu", "-v", "-S", "-aet", "FINDSCU", "-aec", "MEDBROKER",
                "--cancel", "2", "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=MANY*", "127.0.0.1", port);
        assertThat(r.all()).containsIgnoringCase("Cancel");
        assertThat(countOf(r.all(), "Pending")).isLessThan(50);
    }

    @Test
    void logsCarryNoPatientData() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try {
            Path file = dir.resolve("phi.dcm");
            Files.copy(dir.resolve("explicit.dcm"), file);
            Dcmtk.ok(dir, "dcmodify", "-nb", "-m", "(0008,0018)=1.2.826.0.1.3680043.2.1143.9.4", file.toString());
            Dcmtk.ok(dir, "storescu", "-aet", "MODALITY", "-aec", "MEDBROKER", "127.0.0.1", port, file.toString());
            Dcmtk.run(dir, "storescu", "-aet", "MODALITY", "-aec", "MEDBROKER", "127.0.0.1", port, file.toString());
            Dcmtk.ok(dir, "findscu", "-S", "-aet", "FINDSCU", "-aec", "MEDBROKER", "-k", "QueryRetrieveLevel=STUDY",
                    "-k", "PatientName=Smith*", "-k", "PatientID", "127.0.0.1", port);
            Dcmtk.run(dir, "findscu", "-S", "-aet", "FINDSCU", "-aec", "MEDBROKER", "-k", "QueryRetrieveLevel=PATIENT",
                    "-k", "PatientName=Smith*", "127.0.0.1", port);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("something was logged").isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            assertThat(line).doesNotContainIgnoringCase("Small").doesNotContain("SMALL1").doesNotContain("Smith")
                    .doesNotContain("PID1");
        }
    }

    private static int countOf(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void receives200MbMultiFrameWithFlatHeap() throws Exception {
        Path big = dir.resolve("big.dcm");
        String iuid = "1.2.826.0.1.3680043.2.1143.9.3";
        long pixelBytes = 50L * 2048 * 2048;
        writeMultiFrame(big, iuid, 50, 2048);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        Dcmtk.Result r = Dcmtk.ok(dir, "storescu", "-v", "-xe", "-aet", "MODALITY", "-aec", "MEDBROKER",
                "127.0.0.1", port, big.toString());
        long after = usedAfterGc(memory);
        assertThat(r.all()).contains("Received Store Response (Success)");
        Path stored = store.resolve(iuid + ".dcm");
        assertThat(Files.size(stored)).isGreaterThan(pixelBytes);
        assertThat(digest(stored, dataSetOffset(stored))).isEqualTo(digest(big, dataSetOffset(big)));
        System.out.printf("heap used after GC: before %d kB, after %d kB, max %d MB%n", before / 1024, after / 1024,
                Runtime.getRuntime().maxMemory() >> 20);
        assertThat(after - before).as("heap growth after receiving %d bytes", pixelBytes).isLessThan(16L << 20);
        Files.delete(stored);
        Files.delete(big);
    }

    /** Multi-frame grayscale byte SC, frames x size x size, written with the io layer, pixels streamed. */
    private static void writeMultiFrame(Path file, String iuid, int frames, int size) throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, iuid);
        ds.setPersonName(Tag.PatientName, PersonName.parse("Test^Big"));
        ds.setString(Tag.PatientID, VR.LO, "BIG1");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1143.9");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1143.9.5");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.NumberOfFrames, VR.IS, frames);
        ds.setInt(Tag.Rows, VR.US, size);
        ds.setInt(Tag.Columns, VR.US, size);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(Part10.encodeHeader(Part10.fileMetaInformation(
                    UID.MultiFrameGrayscaleByteSecondaryCaptureImageStorage, iuid,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "WRITER")));
            DicomOutputStream dos = new DicomOutputStream(out, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            dos.writeDataset(ds);
            long length = (long) frames * size * size;
            dos.writeHeader(Tag.PixelData, VR.OB, (int) length);
            byte[] row = new byte[size];
            for (long n = 0; n < length; n += size) {
                for (int i = 0; i < size; i++) {
                    row[i] = (byte) (i + n / size);
                }
                dos.write(row, 0, size);
            }
            dos.finish();
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String digest(Path file, long offset) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            try (InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    sha.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
