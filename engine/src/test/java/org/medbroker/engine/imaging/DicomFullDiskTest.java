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
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.Part10;
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
        broker = TestBroker.withListeners(tmp.resolve("broker"), TestBroker.dicomListener("imaging", """
                storage:
                  directory: %s
                """.formatted(storage)));
        Path files = Files.createDirectories(tmp.resolve("files"));
        Path tooLarge = CtSlices.writeSlice(files.resolve("1.dcm"), STUDY, 1, "Морозов^Олег", "MRN-9090", 3 * 1024 * 1024);
        Path small = CtSlices.writeSlice(files.resolve("2.dcm"), STUDY, 2, "Морозов^Олег", "MRN-9090", 64 * 1024);

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
}
