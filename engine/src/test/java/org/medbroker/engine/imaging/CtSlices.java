package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.file.Path;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/** CT slices for tests: as DICOM dump text (dcmtk's dump2dcm format), or written as Part 10 files. */
final class CtSlices {

    private CtSlices() {}

    /**
     * A CT slice of a 4x4 image.
     *
     * @param charset (0008,0005) value, e.g. ISO_IR 192
     */
    static String ctSlice(String charset, String patientName, String patientId, String studyUid, String seriesUid,
            String sopUid, int instanceNumber, String accession, String studyDate) {
        return """
                (0008,0005) CS [%s]
                (0008,0016) UI =CTImageStorage
                (0008,0018) UI [%s]
                (0008,0020) DA [%s]
                (0008,0030) TM [101500]
                (0008,0050) SH [%s]
                (0008,0060) CS [CT]
                (0008,1030) LO [CT head]
                (0010,0010) PN [%s]
                (0010,0020) LO [%s]
                (0010,0021) LO [CLINIC]
                (0010,0030) DA [19800215]
                (0010,0040) CS [M]
                (0020,000d) UI [%s]
                (0020,000e) UI [%s]
                (0020,0011) IS [1]
                (0020,0013) IS [%d]
                (0028,0002) US 1
                (0028,0004) CS [MONOCHROME2]
                (0028,0010) US 4
                (0028,0011) US 4
                (0028,0100) US 16
                (0028,0101) US 12
                (0028,0102) US 11
                (0028,0103) US 0
                (7fe0,0010) OW 0001\\0002\\0003\\0004\\0005\\0006\\0007\\0008\\0009\\000a\\000b\\000c\\000d\\000e\\000f\\0010
                """.formatted(charset, sopUid, studyDate, accession, patientName, patientId, studyUid, seriesUid,
                instanceNumber);
    }

    /**
     * Writes slice {@code number} of series {@code studyUid + ".1"} (SOP Instance UID
     * {@code studyUid + ".1." + number}) in UTF-8 with {@code pixelBytes} of zero pixel data.
     */
    static Path writeSlice(Path file, String studyUid, int number, String patientName, String patientId, int pixelBytes)
            throws IOException {
        String sop = studyUid + ".1." + number;
        Attributes slice = new Attributes();
        slice.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        slice.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        slice.setString(Tag.SOPInstanceUID, VR.UI, sop);
        slice.setString(Tag.StudyDate, VR.DA, "20261130");
        slice.setString(Tag.Modality, VR.CS, "CT");
        slice.setString(Tag.PatientName, VR.PN, patientName);
        slice.setString(Tag.PatientID, VR.LO, patientId);
        slice.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        slice.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".1");
        slice.setString(Tag.InstanceNumber, VR.IS, Integer.toString(number));
        slice.setBytes(Tag.PixelData, VR.OW, new byte[pixelBytes]);
        Part10.write(file, Part10.fileMetaInformation(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null),
                slice);
        return file;
    }
}
