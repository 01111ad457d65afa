package org.medbroker.connectors.dicom.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/**
 * A composite object received by C-STORE, complete: either in a DICOM Part 10 file (File Meta
 * Information built from the command and the presentation context, then the data set exactly as
 * received, in {@code transferSyntaxUid}, compressed or deflated as it came), fsynced when the SCP
 * was told to; or, when the whole data set fit in the bytes the SCP keeps in memory, only in
 * {@code dataSet}, not on disk at all: the sink makes it durable before it answers Success.
 *
 * @param file a temporary file, null for an object held in memory; the sink moves it where it
 *             belongs, or it is deleted after the sink returns
 * @param dataSet the data set for an object held in memory, null for one in {@code file}
 * @param dataSetOffset where the data set starts in the file (after the File Meta Information)
 * @param dataSetLength bytes of the data set
 * @param header the data set up to Pixel Data as {@code Part10.readDatasetUntilPixelData} reads it from
 *               the file, parsed while the object arrived; null when it could not be had that way
 *               (header too long or not parseable): read the file then
 */
public record ReceivedObject(Path file, byte[] dataSet, long dataSetOffset, long dataSetLength, String sopClassUid,
        String sopInstanceUid, String transferSyntaxUid, String callingAeTitle, String calledAeTitle,
        String remoteAddress, Attributes header) {

    public boolean inMemory() {
        return file == null;
    }

    /**
     * Puts the object at {@code target} as a Part 10 file: the file moved there, or the in-memory
     * object written; {@link java.nio.file.FileAlreadyExistsException} if something is there already.
     */
    public void moveTo(Path target) throws IOException {
        if (file != null) {
            Files.move(file, target);
            return;
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writePart10(out);
        }
    }

    /** The object as a Part 10 file's bytes (for an object in a file: read from it). */
    public byte[] part10Bytes() throws IOException {
        if (file != null) {
            return Files.readAllBytes(file);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) dataSetLength + 256);
        writePart10(out);
        return out.toByteArray();
    }

    private void writePart10(OutputStream out) throws IOException {
        out.write(Part10.encodeHeader(Part10.fileMetaInformation(sopClassUid, sopInstanceUid,
                TransferSyntax.forUid(transferSyntaxUid).orElseThrow(), callingAeTitle)));
        out.write(dataSet);
    }
}
