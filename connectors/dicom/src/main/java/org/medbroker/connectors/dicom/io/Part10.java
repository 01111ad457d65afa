package org.medbroker.connectors.dicom.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

/**
 * DICOM files (PS3.10 7): a 128-byte preamble, the prefix {@code DICM}, the File Meta Information
 * (group 0002, always Explicit VR Little Endian, led by its group length), then the data set in the
 * transfer syntax the meta information names.
 *
 * <pre>
 * | preamble (128 x 00) | "DICM" | (0002,0000) UL | (0002,0001) OB 00\01 | ... (0002,xxxx) | data set ... |
 * </pre>
 *
 * For whole objects in memory use {@link #write} and {@link #read}; a Storage SCP streams received data
 * sets with {@link Part10Writer} and indexes them with {@link #readDatasetUntilPixelData(Path)}.
 */
public final class Part10 {

    /** medbroker's Implementation Class UID (PS3.7 D.3.3.2), a UUID-derived UID (PS3.5 B.2). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.203471588427394591742640957374316178211";
    public static final String IMPLEMENTATION_VERSION_NAME = "MEDBROKER_0_1";

    static final int PREAMBLE_LENGTH = 128;
    private static final byte[] DICM = {'D', 'I', 'C', 'M'};
    /** Values at most this long are loaded when indexing; longer ones become {@code BulkData} references. */
    public static final int DEFAULT_INDEX_BULK_DATA_THRESHOLD = 64 * 1024;

    private Part10() {
    }

    /**
     * File Meta Information for one SOP instance, with version 00\01 and medbroker's implementation
     * class UID and version name; {@code sourceAETitle} may be null.
     */
    public static Attributes fileMetaInformation(String sopClassUID, String sopInstanceUID,
                                                 TransferSyntax transferSyntax, String sourceAETitle) {
        Attributes fmi = new Attributes(8);
        fmi.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        fmi.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUID);
        fmi.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUID);
        fmi.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntax.uid());
        fmi.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        fmi.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        if (sourceAETitle != null && !sourceAETitle.isBlank()) {
            fmi.setString(Tag.SourceApplicationEntityTitle, VR.AE, sourceAETitle.strip());
        }
        return fmi;
    }

    /**
     * Encodes preamble, prefix and File Meta Information with a correct (0002,0000) group length;
     * elements outside group 0002 are refused.
     */
    public static byte[] encodeHeader(Attributes fileMetaInformation) {
        checkFileMetaInformation(fileMetaInformation);
        byte[] meta = DicomOutputStream.encode(fileMetaInformation, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                new DicomOutputStream.Options(true, true, true));
        byte[] header = new byte[PREAMBLE_LENGTH + DICM.length + meta.length];
        System.arraycopy(DICM, 0, header, PREAMBLE_LENGTH, DICM.length);
        System.arraycopy(meta, 0, header, PREAMBLE_LENGTH + DICM.length, meta.length);
        return header;
    }

    /** The transfer syntax the File Meta Information names. */
    public static TransferSyntax transferSyntaxOf(Attributes fileMetaInformation) throws DicomStreamException {
        String uid = fileMetaInformation.getString(Tag.TransferSyntaxUID);
        return TransferSyntax.forUid(uid).orElseThrow(() -> new DicomStreamException(
                "MB-0856: transfer syntax " + uid + " is not supported; convert the object or negotiate another one"));
    }

    static void checkFileMetaInformation(Attributes fmi) {
        for (int tag : new int[] {Tag.MediaStorageSOPClassUID, Tag.MediaStorageSOPInstanceUID, Tag.TransferSyntaxUID}) {
            if (fmi.getString(tag) == null) {
                throw new IllegalArgumentException("MB-0857: File Meta Information lacks " + Tag.toString(tag));
            }
        }
        for (int i = 0; i < fmi.size(); i++) {
            if (Tag.group(fmi.tagAt(i)) != 0x0002) {
                throw new IllegalArgumentException("MB-0857: " + Tag.toString(fmi.tagAt(i))
                        + " does not belong in the File Meta Information");
            }
        }
        try {
            transferSyntaxOf(fmi);
        } catch (DicomStreamException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Writes a whole object; values on disk ({@code BulkData}) are copied in chunks. */
    public static void write(OutputStream out, Attributes fileMetaInformation, Attributes dataset,
                             DicomOutputStream.Options options) throws IOException {
        out.write(encodeHeader(fileMetaInformation));
        DicomOutputStream dos = new DicomOutputStream(out, transferSyntaxOf(fileMetaInformation), options, 64 * 1024);
        dos.writeDataset(dataset);
        dos.finish();
    }

    public static void write(Path file, Attributes fileMetaInformation, Attributes dataset) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            write(out, fileMetaInformation, dataset, DicomOutputStream.Options.DEFAULT);
        }
    }

    /**
     * Reads the attributes of a file up to, not including, Pixel Data (or Float / Double Float Pixel
     * Data), streaming from disk: values longer than {@value #DEFAULT_INDEX_BULK_DATA_THRESHOLD}
     * bytes are not loaded but referenced, deflated data sets are inflated on the fly. This is what a
     * Storage SCP indexes a received object with; the heap it needs does not grow with the file.
     */
    public static Part10File readDatasetUntilPixelData(Path file) throws IOException {
        return readDatasetUntilPixelData(file, DicomInputStream.Options.DEFAULT
                .withBulkData(file, DEFAULT_INDEX_BULK_DATA_THRESHOLD));
    }

    public static Part10File readDatasetUntilPixelData(Path file, DicomInputStream.Options options)
            throws IOException {
        return read(file, options, 0x7FE00008);
    }

    /**
     * Reads the start of a data set held in memory up to, not including, Pixel Data, as
     * {@link #readDatasetUntilPixelData(Path)} reads it from the file: what a Storage SCP keeps of an
     * object while it streams to disk, so the object need not be read back. {@code head} holds the
     * first {@code length} bytes of the data set in {@code transferSyntax}, at most
     * {@value #DEFAULT_INDEX_BULK_DATA_THRESHOLD} (so no value in it would have been left on disk);
     * {@code whole} says it is the entire data set.
     *
     * @return the attributes, or null when they cannot be had from {@code head}: it ends before Pixel Data
     *         and before the data set does, or it does not parse (reading the file tells why)
     */
    public static Attributes datasetUntilPixelData(byte[] head, int length, boolean whole, TransferSyntax transferSyntax) {
        if (length > DEFAULT_INDEX_BULK_DATA_THRESHOLD) {
            throw new IllegalArgumentException("head longer than " + DEFAULT_INDEX_BULK_DATA_THRESHOLD + ": " + length);
        }
        try (DicomInputStream dis = new DicomInputStream(new ByteArrayInputStream(head, 0, length), transferSyntax,
                DicomInputStream.Options.DEFAULT, Math.max(64, Math.min(length, 8192)))) {
            Attributes dataset = dis.readDatasetUntil(0x7FE00008);
            // Without the rest of the data set, only a stop at a tag proves nothing was cut off.
            return whole || dis.peekTag() != -1 ? dataset : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads a whole file, pixel data included, within {@code options}' limits. */
    public static Part10File read(Path file, DicomInputStream.Options options) throws IOException {
        return read(file, options, 0xFFFFFFFF);
    }

    private static Part10File read(Path file, DicomInputStream.Options options, int stopTag) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DicomInputStream dis = new DicomInputStream(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, options,
                     64 * 1024)) {
            Attributes fmi = readHeader(dis);
            TransferSyntax ts = transferSyntaxOf(fmi);
            dis.setTransferSyntax(ts);
            Attributes dataset = stopTag == 0xFFFFFFFF ? dis.readDataset() : dis.readDatasetUntil(stopTag);
            int next = dis.peekTag();
            return new Part10File(fmi, ts, dataset, next != -1 && Tag.group(next) == 0x7FE0);
        }
    }

    /** Reads preamble, prefix and File Meta Information, leaving {@code dis} at the data set. */
    public static Attributes readHeader(DicomInputStream dis) throws IOException {
        byte[] head = new byte[PREAMBLE_LENGTH + DICM.length];
        dis.readFully(head, 0, head.length);
        if (!Arrays.equals(head, PREAMBLE_LENGTH, head.length, DICM, 0, DICM.length)) {
            throw new DicomStreamException("MB-0855: no DICM prefix after the 128-byte preamble; not a DICOM "
                    + "Part 10 file");
        }
        Attributes fmi = dis.readDatasetUntil(0x00030000);
        if (fmi.getString(Tag.TransferSyntaxUID) == null) {
            throw new DicomStreamException("MB-0855: File Meta Information without Transfer Syntax UID (0002,0010)");
        }
        return fmi;
    }
}
