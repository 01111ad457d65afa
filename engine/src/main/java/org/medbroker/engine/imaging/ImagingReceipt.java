package org.medbroker.engine.imaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.medbroker.connectors.dicom.service.ReceivedObject;

/**
 * What the journal keeps of one stored DICOM object until it is indexed: where it goes in the
 * storage layout, and the data set itself when it came in memory (small objects), so that the
 * object survives a crash before its file is forced to disk.
 *
 * @param dataSet the data set of an object received in memory, null for one in a file
 */
public record ImagingReceipt(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String callingAeTitle,
        String target, long dataSetOffset, long dataSetLength, byte[] dataSet) {

    /** The journal protocol of receipts. */
    public static final String PROTOCOL = "DICOM";
    private static final int VERSION = 1;

    static ImagingReceipt of(ReceivedObject object, String target) {
        return new ImagingReceipt(object.sopClassUid(), object.sopInstanceUid(), object.transferSyntaxUid(),
                object.callingAeTitle(), target, object.dataSetOffset(),
                object.dataSetLength(), object.dataSet());
    }

    /** The object as the C-STORE delivered it, its file (if it came in one) now at {@code file}. */
    ReceivedObject toReceivedObject(java.nio.file.Path file) {
        return new ReceivedObject(dataSet == null ? file : null, dataSet, dataSetOffset, dataSetLength, sopClassUid,
                sopInstanceUid, transferSyntaxUid, callingAeTitle, null, null, null);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (dataSet == null ? 0 : dataSet.length));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(sopClassUid);
            out.writeUTF(sopInstanceUid);
            out.writeUTF(transferSyntaxUid);
            out.writeUTF(callingAeTitle == null ? "" : callingAeTitle);
            out.writeUTF(target);
            out.writeLong(dataSetOffset);
            out.writeLong(dataSetLength);
            out.writeInt(dataSet == null ? -1 : dataSet.length);
            if (dataSet != null) {
                out.write(dataSet);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ImagingReceipt decode(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("MB-0676: unknown DICOM receipt version " + version);
            }
            String sopClass = in.readUTF();
            String sopInstance = in.readUTF();
            String transferSyntax = in.readUTF();
            String callingAe = in.readUTF();
            String target = in.readUTF();
            long offset = in.readLong();
            long length = in.readLong();
            int inline = in.readInt();
            byte[] dataSet = null;
            if (inline >= 0) {
                dataSet = in.readNBytes(inline);
                if (dataSet.length != inline) {
                    throw new IOException("MB-0676: truncated DICOM receipt");
                }
            }
            return new ImagingReceipt(sopClass, sopInstance, transferSyntax, callingAe.isEmpty() ? null : callingAe, target, offset, length, dataSet);
        }
    }
}
