package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.TestBroker;

/**
 * A storage directory on a really full file system (a 2 MiB tmpfs, so the test needs root: CI runs as
 * root): an object that does not fit is answered Out of Resources, leaves no partial file and no index
 * entry, and the listener goes on storing what fits.
 */
class DicomFullDiskTest {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77.90";

    @TempDir
    Path tmp;
    private Path mount;
    private TestBroker broker;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        Dcmtk.assumeInstalled();
        mount = Files.createDirectories(tmp.resolve("small-disk"));
        Dcmtk.Result mounted = Dcmtk.run(tmp, "mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        if (System.getenv("CI") != null) {
            assertThat(mounted.exitCode()).as("CI runs as root and can mount a tmpfs: " + mounted.all()).isZero();
        }
        assumeTrue(mounted.exitCode() == 0, "mounting a tmpfs needs root: " + mounted.all());
    }

    @AfterEach
    void unmount() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (mount != null) {
            Dcmtk.run(tmp, "umount", mount.toString());
        }
    }

    @Test
    void anObjectThatDoesNotFitIsRefusedAsOutOfResourcesAndTheNextThatFitsIsStored() throws Exception {
        Path storage = mount.resolve("images");
        broker = TestBroker.withListeners(tmp.resolve("broker"), """
                - name: imaging
                  type: dicom
                  bind: 127.0.0.1
                  port: 0
                  aeTitle: MEDBROKER
                  storage:
                    directory: %s
                """.formatted(storage));
        Path files = Files.createDirectories(tmp.resolve("files"));
        Path tooLarge = slice(files, 1, 3 * 1024 * 1024);
        Path small = slice(files, 2, 64 * 1024);

        Dcmtk.Result refused = storescu(files, tooLarge);
        assertThat(refused.all()).contains("Received Store Response (Refused: OutOfResources)");
        try (Stream<Path> leftovers = Files.walk(storage)) {
            assertThat(leftovers.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")))
                    .as("no partial or stored file of the refused object").isEmpty();
        }
        assertThat(studyInstances()).isEmpty();

        Dcmtk.Result stored = storescu(files, small);
        assertThat(stored.exitCode()).as(stored.all()).isZero();
        assertThat(stored.all()).contains("Received Store Response (Success)");
        assertThat(storage.resolve(STUDY).resolve(STUDY + ".1").resolve(STUDY + ".1.2.dcm")).exists();
        assertThat(studyInstances()).containsExactly(STUDY + ".1.2");
    }

    private Dcmtk.Result storescu(Path dir, Path file) throws IOException {
        return Dcmtk.run(dir, "storescu", "-v", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1",
                Integer.toString(broker.port("imaging")), file.toString());
    }

    /** The SOP Instance UIDs C-FIND finds in the study, at IMAGE level. */
    private List<String> studyInstances() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "find");
        Dcmtk.ok(dir, "findscu", "-S", "-X", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1",
                Integer.toString(broker.port("imaging")), "-k", "QueryRetrieveLevel=IMAGE", "-k", "StudyInstanceUID=" + STUDY,
                "-k", "SeriesInstanceUID=" + STUDY + ".1", "-k", "SOPInstanceUID");
        List<String> found = new ArrayList<>();
        try (Stream<Path> responses = Files.list(dir)) {
            for (Path rsp : responses.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                found.add(Part10.readDatasetUntilPixelData(rsp).dataset().getString(Tag.SOPInstanceUID));
            }
        }
        return found;
    }

    private static Path slice(Path dir, int number, int pixelBytes) throws IOException {
        String sop = STUDY + ".1." + number;
        Attributes slice = new Attributes();
        slice.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        slice.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        slice.setString(Tag.SOPInstanceUID, VR.UI, sop);
        slice.setString(Tag.StudyDate, VR.DA, "20261202");
        slice.setString(Tag.Modality, VR.CS, "CT");
        slice.setString(Tag.PatientName, VR.PN, "Морозов^Олег");
        slice.setString(Tag.PatientID, VR.LO, "MRN-9090");
        slice.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        slice.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
        slice.setString(Tag.InstanceNumber, VR.IS, Integer.toString(number));
        slice.setBytes(Tag.PixelData, VR.OW, new byte[pixelBytes]);
        Path file = dir.resolve(number + ".dcm");
        Part10.write(file, Part10.fileMetaInformation(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null),
                slice);
        return file;
    }
}
