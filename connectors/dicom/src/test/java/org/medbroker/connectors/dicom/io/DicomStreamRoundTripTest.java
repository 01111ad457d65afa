package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Fragments;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

class DicomStreamRoundTripTest {

    static final List<TransferSyntax> NATIVE = List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    static final List<DicomOutputStream.Options> OPTIONS = List.of(DicomOutputStream.Options.DEFAULT,
            DicomOutputStream.Options.DEFINED_LENGTHS, new DicomOutputStream.Options(false, true, true),
            new DicomOutputStream.Options(true, false, true));

    static Stream<Arguments> nativeSyntaxes() {
        return NATIVE.stream().flatMap(ts -> OPTIONS.stream().map(o -> Arguments.of(ts, o)));
    }

    static Stream<Arguments> encapsulatedSyntaxes() {
        return Stream.of(TransferSyntax.JPEG_LOSSLESS_SV1, TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_2000)
                .flatMap(ts -> OPTIONS.stream().map(o -> Arguments.of(ts, o)));
    }

    private static Attributes expectedAfterRead(Attributes written, TransferSyntax ts) {
        Attributes padded = TestDatasets.padded(written);
        return ts.isExplicitVR() ? padded : TestDatasets.asReadInImplicitVR(padded);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nativeSyntaxes")
    void roundTripsNativeDataSets(TransferSyntax ts, DicomOutputStream.Options options) throws IOException {
        Attributes written = TestDatasets.withNativePixelData();
        byte[] encoded = DicomOutputStream.encode(written, ts, options);

        Attributes read = new DicomInputStream(new TricklingInputStream(encoded, 1), ts).readDataset();

        assertThat(read).isEqualTo(expectedAfterRead(written, ts));
        assertThat(read.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(read.getPersonName(Tag.PatientName).alphabetic().familyName()).isEqualTo("Müller");
        assertThat(read.getString(Tag.PatientName, 1, null)).isEqualTo("Mueller^Joerg");
        assertThat(read.getInt(0x00280106, 0) & 0xFFFF).isEqualTo(0xFFFB);
        assertThat(read.getSequence(Tag.ReferencedStudySequence).get(0)
                .getSequence(Tag.OtherPatientIDsSequence).get(0)
                .getSequence(Tag.ScheduledProcedureStepSequence).get(0)
                .getString(Tag.ScheduledStationAETitle)).isEqualTo("CT01");
        assertThat(DicomOutputStream.encode(read, ts, options)).isEqualTo(encoded);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encapsulatedSyntaxes")
    void roundTripsEncapsulatedPixelData(TransferSyntax ts, DicomOutputStream.Options options) throws IOException {
        Attributes written = TestDatasets.withEncapsulatedPixelData();
        byte[] encoded = DicomOutputStream.encode(written, ts, options);

        Attributes read = new DicomInputStream(new TricklingInputStream(encoded, 2), ts).readDataset();

        assertThat(read).isEqualTo(TestDatasets.padded(written));
        Fragments fragments = read.getFragments(Tag.PixelData);
        assertThat(fragments.size()).isEqualTo(4);
        assertThat((byte[]) fragments.get(0)).containsExactly(0, 0, 0, 0, 12, 0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource("nativeSyntaxesOnly")
    void decodesTheSameInputSplitAtEveryByteBoundary(TransferSyntax ts) throws IOException {
        Attributes written = TestDatasets.withNativePixelData();
        byte[] encoded = DicomOutputStream.encode(written, ts, DicomOutputStream.Options.DEFINED_LENGTHS);
        Attributes expected = expectedAfterRead(written, ts);
        for (int split = 0; split <= encoded.length; split++) {
            var in = new java.io.SequenceInputStream(new ByteArrayInputStream(encoded, 0, split),
                    new ByteArrayInputStream(encoded, split, encoded.length - split));
            try (DicomInputStream dis = new DicomInputStream(in, ts, DicomInputStream.Options.DEFAULT, 64)) {
                assertThat(dis.readDataset()).as("split at %d", split).isEqualTo(expected);
            }
        }
    }

    @Test
    void encodesEncapsulatedPixelDataAsPs35A4Draws() {
        Attributes a = new Attributes();
        Fragments f = a.newFragments(Tag.PixelData, VR.OB);
        f.add(new byte[0]);
        f.add(new byte[] {1, 2, 3});
        byte[] encoded = DicomOutputStream.encode(a, TransferSyntax.JPEG_BASELINE_8BIT, DicomOutputStream.Options.DEFAULT);
        assertThat(encoded).containsExactly(
                0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0,
                0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 0,
                0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0);
    }

    @Test
    void writesBigEndianHeadersAndSwapsBinaryValues() {
        Attributes a = new Attributes();
        a.setInt(Tag.Rows, VR.US, 0x0102);
        a.setString(Tag.Modality, VR.CS, "CT");
        byte[] encoded = DicomOutputStream.encode(a, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                DicomOutputStream.Options.DEFAULT);
        assertThat(encoded).containsExactly(
                0x00, 0x08, 0x00, 0x60, 'C', 'S', 0, 2, 'C', 'T',
                0x00, 0x28, 0x00, 0x10, 'U', 'S', 0, 2, 0x01, 0x02);
    }

    @Test
    void readsExplicitUnOfUndefinedLengthAsAnImplicitVrSequence() throws IOException {
        byte[] encoded = bytes(
                0x29, 0x00, 0x20, 0x10, 'U', 'N', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF,
                0x10, 0x00, 0x20, 0x00, 4, 0, 0, 0, 'I', 'D', '1', ' ',
                0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0,
                0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
                0x29, 0x00, 0x30, 0x10, 'L', 'O', 2, 0, 'O', 'K');
        Attributes read = DicomInputStream.decode(encoded, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Attributes item = read.getSequence(0x00291020).get(0);
        assertThat(item.getVR(Tag.PatientID)).isEqualTo(VR.LO);
        assertThat(item.getString(Tag.PatientID)).isEqualTo("ID1");
        assertThat(read.getString(0x00291030)).isEqualTo("OK");
    }

    @Test
    void dropsGroupLengthsOnRead() throws IOException {
        Attributes a = TestDatasets.header();
        byte[] withGroupLengths = DicomOutputStream.encode(a, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                new DicomOutputStream.Options(true, true, true));
        Attributes read = DicomInputStream.decode(withGroupLengths, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read.contains(0x00080000)).isFalse();
        assertThat(read).isEqualTo(TestDatasets.padded(a));
    }

    @ParameterizedTest
    @MethodSource("nativeSyntaxesOnly")
    void everyTruncationFailsWithADicomStreamExceptionOrStopsAtAnElementBoundary(TransferSyntax ts) {
        byte[] encoded = DicomOutputStream.encode(TestDatasets.withNativePixelData(), ts,
                DicomOutputStream.Options.DEFAULT);
        for (int len = 0; len < encoded.length; len++) {
            byte[] prefix = Arrays.copyOf(encoded, len);
            try {
                Attributes partial = new DicomInputStream(new ByteArrayInputStream(prefix), ts).readDataset();
                assertThat(partial.size()).isLessThanOrEqualTo(TestDatasets.withNativePixelData().size());
            } catch (DicomStreamException expected) {
                assertThat(expected.getMessage()).startsWith("MB-085");
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("prefix of " + len + " bytes: " + e, e);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("nativeSyntaxesOnly")
    void everyFlippedBitGivesADataSetOrADicomStreamException(TransferSyntax ts) throws IOException {
        byte[] encoded = DicomOutputStream.encode(TestDatasets.header(), ts, DicomOutputStream.Options.DEFAULT);
        DicomInputStream.Options small = new DicomInputStream.Options(1 << 16, Long.MAX_VALUE, null, 8);
        for (int bit = 0; bit < encoded.length * 8; bit++) {
            byte[] damaged = encoded.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(damaged), ts, small, 256)) {
                in.readDataset();
            } catch (DicomStreamException expected) {
                assertThat(expected.getMessage()).startsWith("MB-085");
            }
        }
    }

    static Stream<TransferSyntax> nativeSyntaxesOnly() {
        return NATIVE.stream();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
