package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.BulkData;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;

/**
 * A ~300 MB multi-frame object (a small dental CBCT) goes through {@link Part10Writer} in 64 KiB
 * chunks, as a Storage SCP receives it, and its header is read back. The bytes this thread allocates
 * are measured: they must not grow with the object, whatever -Xmx is.
 */
class Part10StreamingTest {

    private static final int ROWS = 512;
    private static final int COLUMNS = 512;
    private static final int FRAMES = 600;
    private static final long PIXEL_LENGTH = (long) ROWS * COLUMNS * 2 * FRAMES; // 314,572,800 bytes
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void streamsAMultiFrameObjectToDiskAndIndexesItWithFlatHeap() throws IOException {
        Attributes header = TestDatasets.header();
        header.setString(Tag.SOPClassUID, VR.UI, UID.XRay3DCraniofacialImageStorage);
        header.setInt(Tag.Rows, VR.US, ROWS);
        header.setInt(Tag.Columns, VR.US, COLUMNS);
        header.setInt(Tag.NumberOfFrames, VR.IS, FRAMES);
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] received = DicomOutputStream.encode(header, ts, DicomOutputStream.Options.DEFAULT);
        byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0,
            (byte) PIXEL_LENGTH, (byte) (PIXEL_LENGTH >>> 8), (byte) (PIXEL_LENGTH >>> 16), (byte) (PIXEL_LENGTH >>> 24)};
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            chunk.put((byte) (i * 31));
        }
        Path file = dir.resolve("cbct.dcm");
        Attributes fmi = Part10.fileMetaInformation(UID.XRay3DCraniofacialImageStorage, "1.2.3.99", ts, "CBCT");

        long allocatedBefore = allocatedByThisThread();
        long heapBefore = usedHeapAfterGc();
        long written;
        try (Part10Writer writer = Part10Writer.create(file, fmi, false)) {
            writer.write(ByteBuffer.wrap(received));
            writer.write(ByteBuffer.wrap(pixelHeader));
            for (long sent = 0; sent < PIXEL_LENGTH; sent += CHUNK) {
                chunk.clear().limit((int) Math.min(CHUNK, PIXEL_LENGTH - sent));
                writer.write(chunk);
            }
            written = writer.datasetLength();
        }
        long allocatedWriting = allocatedByThisThread() - allocatedBefore;
        long heapGrowth = usedHeapAfterGc() - heapBefore;

        assertThat(written).isEqualTo(received.length + pixelHeader.length + PIXEL_LENGTH);
        assertThat(allocatedWriting).as("bytes allocated while streaming %d bytes", PIXEL_LENGTH)
                .isLessThan(1L << 20);
        assertThat(heapGrowth).as("heap growth").isLessThan(8L << 20);
        assertThat(Files.size(file)).isEqualTo(Part10.encodeHeader(fmi).length + received.length
                + pixelHeader.length + PIXEL_LENGTH);

        Part10.readDatasetUntilPixelData(file); // loads classes and the element dictionary once
        long readStart = System.nanoTime();
        long allocatedBeforeRead = allocatedByThisThread();
        Part10File indexed = Part10.readDatasetUntilPixelData(file);
        long allocatedReading = allocatedByThisThread() - allocatedBeforeRead;
        long readMillis = (System.nanoTime() - readStart) / 1_000_000;

        assertThat(indexed.pixelDataFollows()).isTrue();
        assertThat(indexed.dataset().getString(Tag.SOPClassUID)).isEqualTo(UID.XRay3DCraniofacialImageStorage);
        assertThat(indexed.dataset().getInt(Tag.NumberOfFrames, 0)).isEqualTo(FRAMES);
        assertThat(indexed.dataset().getString(Tag.StudyInstanceUID)).isEqualTo(header.getString(Tag.StudyInstanceUID));
        assertThat(allocatedReading).as("bytes allocated reading the header").isLessThan(256L << 10);
        assertThat(readMillis).as("ms to read the header").isLessThan(2000);

        // the whole file read with a bulk data threshold references the pixel data where it lies
        Part10File whole = Part10.read(file, DicomInputStream.Options.DEFAULT.withBulkData(file, CHUNK));
        BulkData pixels = whole.dataset().getBulkData(Tag.PixelData);
        assertThat(pixels.length()).isEqualTo(PIXEL_LENGTH);
        assertThat(pixels.offset() + pixels.length()).isEqualTo(Files.size(file));
        ByteBuffer lastBytes = ByteBuffer.allocate(2);
        try (FileChannel ch = FileChannel.open(file)) {
            ch.read(lastBytes, pixels.offset() + PIXEL_LENGTH - 2);
        }
        assertThat(lastBytes.array()).containsExactly((byte) ((CHUNK - 2) * 31), (byte) ((CHUNK - 1) * 31));
    }

    private static long allocatedByThisThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
