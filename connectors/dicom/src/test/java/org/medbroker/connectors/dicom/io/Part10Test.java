package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.BulkData;
import org.medbroker.connectors.dicom.data.ByteOrder;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;

class Part10Test {

    @TempDir
    Path dir;

    @Test
    void headerHasPreamblePrefixAndACorrectGroupLength() throws IOException {
        Attributes fmi = Part10.fileMetaInformation(UID.CTImageStorage, "1.2.3", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                "MODALITY1");
        byte[] header = Part10.encodeHeader(fmi);

        assertThat(header).startsWith(new byte[128]);
        assertThat(new String(header, 128, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DICM");
        assertThat(header).containsSequence(0x02, 0x00, 0x00, 0x00, 'U', 'L', 4, 0);
        int groupLength = ByteOrder.intLE(header, 132 + 8);
        assertThat(groupLength).isEqualTo(header.length - 132 - 12);
        assertThat(header).containsSequence(0x02, 0x00, 0x01, 0x00, 'O', 'B', 0, 0, 2, 0, 0, 0, 0, 1);
        Attributes read = DicomInputStream.decode(java.util.Arrays.copyOfRange(header, 132, header.length),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.getString(Tag.SourceApplicationEntityTitle)).isEqualTo("MODALITY1");
        assertThat(read.getString(Tag.ImplementationClassUID)).isEqualTo(Part10.IMPLEMENTATION_CLASS_UID);
    }

    @Test
    void refusesIncompleteOrForeignFileMetaInformation() {
        Attributes fmi = Part10.fileMetaInformation(UID.CTImageStorage, "1.2.3", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                null);
        fmi.remove(Tag.MediaStorageSOPInstanceUID);
        assertThatThrownBy(() -> Part10.encodeHeader(fmi)).hasMessageStartingWith("MB-0857");
        Attributes foreign = Part10.fileMetaInformation(UID.CTImageStorage, "1.2.3",
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null);
        foreign.setString(Tag.PatientID, VR.LO, "X");
        assertThatThrownBy(() -> Part10.encodeHeader(foreign)).hasMessageStartingWith("MB-0857");
    }

    @ParameterizedTest
    @EnumSource(value = TransferSyntax.class, names = {"IMPLICIT_VR_LITTLE_ENDIAN", "EXPLICIT_VR_LITTLE_ENDIAN",
        "EXPLICIT_VR_BIG_ENDIAN", "DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN"})
    void readsBackWhatItWroteUpToPixelData(TransferSyntax ts) throws IOException {
        Attributes dataset = TestDatasets.withNativePixelData();
        Path file = dir.resolve("a.dcm");
        Part10.write(file, fmi(ts), dataset);

        Part10File header = Part10.readDatasetUntilPixelData(file);

        assertThat(header.transferSyntax()).isEqualTo(ts);
        assertThat(header.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo("1.2.3.4");
        assertThat(header.pixelDataFollows()).isTrue();
        Attributes expected = TestDatasets.padded(TestDatasets.header());
        assertThat(header.dataset()).isEqualTo(ts.isExplicitVR() ? expected : TestDatasets.asReadInImplicitVR(expected));

        Part10File whole = Part10.read(file, DicomInputStream.Options.DEFAULT);
        assertThat(whole.dataset().getBytes(Tag.PixelData)).isEqualTo(dataset.getBytes(Tag.PixelData));
        assertThat(whole.pixelDataFollows()).isFalse();
    }

    @Test
    void referencesLargeValuesInsteadOfLoadingThem() throws IOException {
        Attributes dataset = TestDatasets.header();
        byte[] pixels = new byte[100_000];
        new Random(5).nextBytes(pixels);
        dataset.setBytes(Tag.PixelData, VR.OW, pixels);
        Path file = dir.resolve("big.dcm");
        Part10.write(file, fmi(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN), dataset);

        Part10File read = Part10.read(file, DicomInputStream.Options.DEFAULT.withBulkData(file, 1024));

        BulkData bulk = read.dataset().getBulkData(Tag.PixelData);
        assertThat(bulk.length()).isEqualTo(pixels.length);
        assertThat(bulk.bigEndian()).isTrue();
        byte[] onDisk = new byte[pixels.length];
        try (FileChannel ch = FileChannel.open(file)) {
            ch.read(ByteBuffer.wrap(onDisk), bulk.offset());
        }
        ByteOrder.swap(onDisk, 0, onDisk.length, 2);
        assertThat(onDisk).isEqualTo(pixels);

        // writing the reference copies the region, swapped back to little endian
        Path copy = dir.resolve("copy.dcm");
        Part10.write(copy, fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), read.dataset());
        assertThat(Part10.read(copy, DicomInputStream.Options.DEFAULT).dataset().getBytes(Tag.PixelData))
                .isEqualTo(pixels);
    }

    @Test
    void streamingWriterProducesTheSameFileAsTheWholeObjectWriter() throws IOException {
        Attributes dataset = TestDatasets.withEncapsulatedPixelData();
        TransferSyntax ts = TransferSyntax.JPEG_LOSSLESS_SV1;
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        Part10.write(whole, fmi(ts), dataset, DicomOutputStream.Options.DEFAULT);
        byte[] received = DicomOutputStream.encode(dataset, ts, DicomOutputStream.Options.DEFAULT);

        Path file = dir.resolve("streamed.dcm");
        Random random = new Random(9);
        try (Part10Writer writer = Part10Writer.create(file, fmi(ts), true)) {
            int pos = 0;
            while (pos < received.length) {
                int n = Math.min(received.length - pos, 1 + random.nextInt(40));
                ByteBuffer direct = ByteBuffer.allocateDirect(n);
                direct.put(received, pos, n).flip();
                writer.write(direct, ByteBuffer.allocate(0));
                assertThat(direct.hasRemaining()).isFalse();
                pos += n;
            }
            assertThat(writer.datasetLength()).isEqualTo(received.length);
        }

        assertThat(Files.readAllBytes(file)).isEqualTo(whole.toByteArray());
        Attributes expectedHeader = TestDatasets.padded(dataset);
        expectedHeader.remove(Tag.PixelData);
        assertThat(Part10.readDatasetUntilPixelData(file).dataset()).isEqualTo(expectedHeader);
    }

    @Test
    void streamsToAnOutputStreamToo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] received = DicomOutputStream.encode(TestDatasets.header(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        try (Part10Writer writer = Part10Writer.to(out, fmi(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN))) {
            writer.write(ByteBuffer.wrap(received));
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        Part10.write(whole, fmi(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN), TestDatasets.header(),
                DicomOutputStream.Options.DEFAULT);
        assertThat(out.toByteArray()).isEqualTo(whole.toByteArray());
    }

    @Test
    void abortDeletesTheIncompleteFile() throws IOException {
        Path file = dir.resolve("aborted.dcm");
        Part10Writer writer = Part10Writer.create(file, fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), false);
        writer.write(new byte[] {8, 0, 0x16, 0}, 0, 4);
        writer.abort();
        assertThat(file).doesNotExist();
        assertThatThrownBy(() -> Part10Writer.create(dir.resolve("x.dcm"),
                fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).addAll(new Attributes().setString(Tag.TransferSyntaxUID,
                        VR.UI, "1.2.3.4.5")), false)).hasMessageStartingWith("MB-0856");
        assertThat(dir.resolve("x.dcm")).doesNotExist();
    }

    @Test
    void refusesFilesWithoutDicmPrefix() throws IOException {
        Path file = dir.resolve("not.dcm");
        Files.write(file, new byte[200]);
        assertThatThrownBy(() -> Part10.readDatasetUntilPixelData(file)).isInstanceOf(DicomStreamException.class)
                .hasMessageStartingWith("MB-0855");
    }

    static Attributes fmi(TransferSyntax ts) {
        return Part10.fileMetaInformation(UID.CTImageStorage, "1.2.3.4", ts, "TEST_SCU");
    }
}
