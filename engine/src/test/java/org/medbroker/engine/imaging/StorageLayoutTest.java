package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.dicom.DicomInstance;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;

class StorageLayoutTest {

    private static final Path ROOT = Path.of("/data/dicom");

    private static InstanceHeader header(String patientId, String accession) {
        DicomInstance instance = new DicomInstance("1.2.3.4.5", "1.2.840.10008.5.1.4.1.1.2", 1, null);
        return new InstanceHeader(new DicomPatient(patientId, null, null, null, "Doe^Jane", null, null), "1.2.3",
                "20261201", null, accession, null, null, null, null,
                new DicomSeries("1.2.3.4", "CT", 1, null, null, null, null, List.of(instance)), instance);
    }

    @Test
    void fillsEveryPlaceholderBetweenTheLiteralText() {
        StorageLayout layout = new StorageLayout("by-patient/{PatientID}/{StudyDate}-{Modality}/{StudyInstanceUID}/"
                + "{SeriesInstanceUID}/{SOPInstanceUID}.{AccessionNumber}.dcm");
        assertThat(layout.resolve(ROOT, header("P-1_x", "A1")))
                .isEqualTo(Path.of("/data/dicom/by-patient/P-1_x/20261201-CT/1.2.3/1.2.3.4/1.2.3.4.5.A1.dcm"));
        assertThat(new StorageLayout("{SOPInstanceUID}").resolve(ROOT, header("P", null)))
                .isEqualTo(Path.of("/data/dicom/1.2.3.4.5"));
    }

    @Test
    void makesValuesSafeOneCharacterForOneUnsafeCodePoint() {
        StorageLayout layout = new StorageLayout("{PatientID}/{AccessionNumber}/x.dcm");
        assertThat(layout.resolve(ROOT, header(" ../../etc/passwd ", "Ж\uD83D\uDE00 a")))
                .isEqualTo(Path.of("/data/dicom/.._.._etc_passwd/___a/x.dcm"));
        assertThat(layout.resolve(ROOT, header("..", "  "))).isEqualTo(Path.of("/data/dicom/_/unknown/x.dcm"));
    }

    @Test
    void refusesUnknownPlaceholders() {
        assertThatThrownBy(() -> new StorageLayout("{PatientName}/x.dcm")).hasMessageContaining("{PatientName}");
    }
}
