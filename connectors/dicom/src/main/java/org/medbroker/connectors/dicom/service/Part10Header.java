package org.medbroker.connectors.dicom.service;

import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/**
 * The head of a DICOM file (PS3.10 7.1): 128-byte preamble, "DICM", and the File Meta Information
 * group, encoded by the io layer in Explicit VR Little Endian with its group length.
 */
final class Part10Header {

    private Part10Header() {
    }

    static byte[] encode(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAeTitle,
            String implementationClassUid, String implementationVersionName) {
        Attributes meta = new Attributes();
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntaxUid);
        meta.setString(Tag.ImplementationClassUID, VR.UI, implementationClassUid);
        meta.setString(Tag.ImplementationVersionName, VR.SH, implementationVersionName);
        if (sourceAeTitle != null && !sourceAeTitle.isEmpty()) {
            meta.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAeTitle);
        }
        byte[] group = DicomOutputStream.encode(meta, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                new DicomOutputStream.Options(false, false, true));
        byte[] out = new byte[132 + group.length];
        out[128] = 'D';
        out[129] = 'I';
        out[130] = 'C';
        out[131] = 'M';
        System.arraycopy(group, 0, out, 132, group.length);
        return out;
    }
}
