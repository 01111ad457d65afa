package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.testing.Dcmtk;
import org.medbroker.engine.testsupport.ChildBroker;

/**
 * The broker as a child process on the embedded store, killed with SIGKILL right after dcmtk's
 * storescu got Success for every object: the store had not written those index entries to disk yet,
 * and after the restart every one of them is in the index, once.
 */
class DicomCrashRecoveryTest {

    private static final Pattern SUCCESS = Pattern.compile("Received Store Response \\(Success\\)");

    @TempDir
    Path dir;

    @Test
    void everyObjectAnsweredSuccessIsIndexedAfterSigkill() throws Exception {
        Dcmtk.assumeInstalled();
        int dicomPort = ChildBroker.freePort();
        Path config = dir.resolve("medbroker.yaml");
        Files.writeString(config, """
                dataDir: data
                http:
                  bind: 127.0.0.1
                  port: %d
                listeners:
                  - name: imaging
                    type: dicom
                    bind: 127.0.0.1
                    port: %d
                    aeTitle: MEDBROKER
                    storage:
                      directory: images
                      duplicates: keep
                """.formatted(ChildBroker.freePort(), dicomPort));
        Path files = Files.createDirectories(dir.resolve("files"));
        List<String> command = new ArrayList<>(List.of("storescu", "-v", "-aet", "CT01", "-aec", "MEDBROKER", "127.0.0.1",
                Integer.toString(dicomPort)));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String sop = "1.2.826.0.1.3680043.8.498.90." + (i / 20) + ".1." + i;
            Path file = files.resolve(i + ".dcm");
            write(file, (i / 20), sop);
            command.add(file.toString());
            sent.add(sop);
        }

        try (ChildBroker broker = ChildBroker.start(config, "dicom-crash-broker")) {
            broker.awaitPort(dicomPort);
            Dcmtk.Result stored = Dcmtk.ok(files, command.toArray(String[]::new));
            assertThat(SUCCESS.matcher(stored.all()).results().count()).as("objects answered Success").isEqualTo(200);
            broker.kill();
        }
        try (ChildBroker restarted = ChildBroker.start(config, "dicom-crash-broker-restarted")) {
            restarted.awaitPort(dicomPort);
            assertThat(restarted.stop()).as("orderly shutdown after the restart").isTrue();
        }

        List<String> indexed = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("data/store/medbroker") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery("SELECT sop_instance_uid FROM dicom_instance")) {
            while (rows.next()) {
                indexed.add(rows.getString(1));
            }
        }
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(Files.readString(dir.resolve("data/images/" + IndexedMark.FILE_NAME), StandardCharsets.US_ASCII))
                .as("the orderly stop leaves a clean mark").endsWith(" clean\n");
    }

    private static void write(Path file, int study, String sop) throws Exception {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyDate, VR.DA, "20261201");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Crash^Test" + study);
        ds.setString(Tag.PatientID, VR.LO, "CRASH-" + study);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.90." + study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.8.498.90." + study + ".1");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[512]);
        Part10.write(file, Part10.fileMetaInformation(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                "CT01"), ds);
    }
}
