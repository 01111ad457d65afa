package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Fragments;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.testing.Dcmtk;

/**
 * Interoperability with dcmtk, an independent implementation of PS3.5 and PS3.10: files dump2dcm and
 * dcmconv write in every transfer syntax are read here, and files written here pass dcmdump without
 * errors or warnings and decode with dcmtk's decompressors.
 */
class DcmtkInteropTest {

    /** A dcmdump-format description; dump2dcm turns it into a file. */
    private static final String DUMP = """
            (0008,0005) CS [ISO_IR 192]
            (0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]
            (0008,0016) UI =CTImageStorage
            (0008,0018) UI [1.2.826.0.1.3680043.2.1143.9.1]
            (0008,1110) SQ (Sequence with undefined length)
              (fffe,e000) na (Item with undefined length)
                (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
                (0010,1002) SQ (Sequence with undefined length)
                  (fffe,e000) na (Item with undefined length)
                    (0010,0020) LO [OTHER-1]
                    (0040,0100) SQ (Sequence with undefined length)
                      (fffe,e000) na (Item with undefined length)
                        (0040,0001) AE [CT01]
                      (fffe,e00d) na (ItemDelimitationItem)
                    (fffe,e0dd) na (SequenceDelimitationItem)
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
              (fffe,e00d) na (ItemDelimitationItem)
              (fffe,e000) na (Item with undefined length)
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0010,0010) PN [Иванов^Иван\\Ivanov^Ivan]
            (0010,0020) LO [PID-1]
            (0018,1310) US 0\\512\\512\\0
            (0018,9306) FD 1.5
            (0020,9165) AT (0010,0010)\\(7fe0,0010)
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US 2
            (0028,0011) US 2
            (0028,0100) US 16
            (0028,0101) US 16
            (0028,0102) US 15
            (0028,0103) US 0
            (0028,0106) US 7
            (0029,0010) LO [MEDBROKER TEST]
            (0029,1010) OB 01\\02\\03
            (7fe0,0010) OW 0001\\0203\\0405\\0607
            """;
    private static final byte[] PIXELS_LE = {1, 0, 3, 2, 5, 4, 7, 6};

    @TempDir
    Path dir;
    private Path base;

    @BeforeEach
    void makeBaseFile() throws IOException {
        Dcmtk.assumeInstalled();
        Files.writeString(dir.resolve("base.txt"), DUMP, StandardCharsets.UTF_8);
        Dcmtk.runClean(dir, "dump2dcm", "+te", "base.txt", "base.dcm");
        base = dir.resolve("base.dcm");
    }

    static Stream<Arguments> dcmconvOptions() {
        return Stream.of(
                Arguments.of(new String[] {"+ti"}, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(new String[] {"+ti", "-e", "+g"}, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(new String[] {"+te"}, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(new String[] {"+te", "-e", "+g", "+p", "64", "8"}, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(new String[] {"+tb"}, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN),
                Arguments.of(new String[] {"+tb", "-e", "+g"}, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN),
                Arguments.of(new String[] {"+td"}, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN),
                Arguments.of(new String[] {"+td", "-e", "+cl", "9"}, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN));
    }

    @ParameterizedTest(name = "dcmconv {0}")
    @MethodSource("dcmconvOptions")
    void readsWhatDcmtkWroteInEveryNativeSyntax(String[] options, TransferSyntax expected) throws IOException {
        String[] command = Stream.concat(Stream.concat(Stream.of("dcmconv"), Stream.of(options)),
                Stream.of("base.dcm", "converted.dcm")).toArray(String[]::new);
        Dcmtk.runClean(dir, command);
        Path file = dir.resolve("converted.dcm");

        Part10File header = Part10.readDatasetUntilPixelData(file);
        assertThat(header.transferSyntax()).isEqualTo(expected);
        assertThat(header.pixelDataFollows()).isTrue();
        assertBaseContent(header.dataset());
        assertThat(header.dataset().contains(Tag.PixelData)).isFalse();

        Attributes whole = Part10.read(file, DicomInputStream.Options.DEFAULT).dataset();
        assertBaseContent(whole);
        assertThat(whole.getBytes(Tag.PixelData)).containsExactly(PIXELS_LE);
    }

    private static void assertBaseContent(Attributes a) {
        assertThat(a.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(a.getString(Tag.SOPClassUID)).isEqualTo(UID.CTImageStorage);
        assertThat(a.getStrings(Tag.PatientName)).containsExactly("Иванов^Иван", "Ivanov^Ivan");
        assertThat(a.getPersonName(Tag.PatientName).alphabetic().givenName()).isEqualTo("Иван");
        assertThat(a.getInts(0x00181310)).containsExactly(0, 512, 512, 0);
        assertThat(a.getInts(0x00209165)).containsExactly(Tag.PatientName, Tag.PixelData);
        assertThat(ByteBuffer.wrap(a.getBytes(0x00189306)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble())
                .isEqualTo(1.5);
        assertThat(a.getBytes(0x00291010)).containsExactly(1, 2, 3, 0);
        assertThat(a.getString(0x00290010)).isEqualTo("MEDBROKER TEST");
        assertThat(a.getInt(Tag.Rows, 0)).isEqualTo(2);
        var studies = a.getSequence(Tag.ReferencedStudySequence);
        assertThat(studies.size()).isEqualTo(2);
        assertThat(studies.get(1).isEmpty()).isTrue();
        assertThat(studies.get(0).getSequence(Tag.OtherPatientIDsSequence).get(0)
                .getSequence(Tag.ScheduledProcedureStepSequence).get(0).getString(Tag.ScheduledStationAETitle))
                .isEqualTo("CT01");
    }

    static Stream<Arguments> ourSyntaxes() {
        return Stream.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                        TransferSyntax.EXPLICIT_VR_BIG_ENDIAN, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                        TransferSyntax.JPEG_LOSSLESS_SV1)
                .flatMap(ts -> Stream.of(DicomOutputStream.Options.DEFAULT, DicomOutputStream.Options.DEFINED_LENGTHS)
                        .map(o -> Arguments.of(ts, o)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ourSyntaxes")
    void dcmdumpReadsWhatWeWroteWithoutComplaint(TransferSyntax ts, DicomOutputStream.Options options)
            throws IOException {
        Attributes dataset = ts.isEncapsulated() ? TestDatasets.withEncapsulatedPixelData()
                : TestDatasets.withNativePixelData();
        Path file = dir.resolve("ours.dcm");
        try (var out = Files.newOutputStream(file)) {
            Part10.write(out, Part10Test.fmi(ts), dataset, options);
        }

        String dump = Dcmtk.runClean(dir, "dcmdump", "-dc", "+L", "ours.dcm");

        assertThat(dump).contains("(0002,0010) UI =" + dcmtkName(ts))
                .contains("(0040,0001) AE [CT01]")
                .contains("(0010,0020) LO [OTHER-1 ]")
                .contains("(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]")
                .contains("(0028,0010) US 4")
                .contains("(0020,9165) AT (0010,0010)\\(7fe0,0010)")
                .contains("(0018,9313) FD 0.5\\1\\2")
                .contains("(0029,1010) " + (ts.isExplicitVR() ? "OB" : "??") + " 01\\02\\03\\00");
        if (ts.isEncapsulated()) {
            assertThat(dump).contains("(fffe,e000) pi ff\\d8\\03\\04\\05\\06");
        }
        String utf8 = Dcmtk.runClean(dir, "dcmdump", "+U8", "ours.dcm");
        assertThat(utf8).contains("(0010,0010) PN [Müller^Jörg\\Mueller^Joerg]");
    }

    private static String dcmtkName(TransferSyntax ts) {
        return switch (ts) {
            case IMPLICIT_VR_LITTLE_ENDIAN -> "LittleEndianImplicit";
            case EXPLICIT_VR_LITTLE_ENDIAN -> "LittleEndianExplicit";
            case EXPLICIT_VR_BIG_ENDIAN -> "BigEndianExplicit";
            case DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN -> "DeflatedLittleEndianExplicit";
            case JPEG_LOSSLESS_SV1 -> "JPEGLossless:Non-hierarchical-1stOrderPrediction";
            default -> throw new IllegalArgumentException(ts.name());
        };
    }

    @ParameterizedTest
    @MethodSource("cyrillicCharsets")
    void cyrillicNamesSurviveDcmtkBothWays(String charset) throws IOException {
        // ours -> dcmtk: dcmdump converts our encoding to UTF-8
        Attributes a = TestDatasets.header();
        a.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        a.setString(Tag.PatientName, VR.PN, "Иванов^Иван");
        a.setString(Tag.StudyDescription, VR.LO, "КТ черепа");
        Path ours = dir.resolve("ours.dcm");
        Part10.write(ours, Part10Test.fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), a);
        assertThat(Dcmtk.runClean(dir, "dcmdump", "+U8", "ours.dcm"))
                .contains("(0010,0010) PN [Иванов^Иван]").contains("(0008,1030) LO [КТ черепа]");

        // dcmtk -> ours: dcmconv converts the UTF-8 base file to this character set
        Dcmtk.runClean(dir, "dcmconv", "+C", charset, "base.dcm", "converted.dcm");
        Attributes converted = Part10.readDatasetUntilPixelData(dir.resolve("converted.dcm")).dataset();
        assertThat(converted.getString(Tag.SpecificCharacterSet)).isEqualTo(charset);
        assertThat(converted.getStrings(Tag.PatientName)).containsExactly("Иванов^Иван", "Ivanov^Ivan");
    }

    static Stream<String> cyrillicCharsets() {
        return Stream.of("ISO_IR 144", "ISO_IR 192");
    }

    /**
     * dcmtk 3.6.7 neither writes ISO 2022 code extensions nor accepts a single-valued
     * "ISO 2022 IR 144"; it does decode escape sequences, so Cyrillic reached through ESC - L is
     * checked here, in the ideographic group and a LO value, where PS3.5 6.1.2.5.3 allows them.
     */
    @ParameterizedTest
    @MethodSource("iso2022Cyrillic")
    void dcmtkDecodesOurIso2022CyrillicEscapes(String charset) throws IOException {
        Attributes a = TestDatasets.header();
        a.setString(Tag.SpecificCharacterSet, VR.CS, charset.split("\\\\"));
        a.setString(Tag.PatientName, VR.PN, "Ivanov^Ivan=Иванов^Иван");
        a.setString(Tag.StudyDescription, VR.LO, "КТ черепа\\Череп");
        Part10.write(dir.resolve("ours.dcm"), Part10Test.fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), a);

        assertThat(a.getBytes(Tag.PatientName)).containsSequence(0x1B, '-', 'L');
        assertThat(Dcmtk.runClean(dir, "dcmdump", "+U8", "ours.dcm"))
                .contains("(0010,0010) PN [Ivanov^Ivan=Иванов^Иван]")
                .contains("(0008,1030) LO [КТ черепа\\Череп]");
        Attributes back = Part10.readDatasetUntilPixelData(dir.resolve("ours.dcm")).dataset();
        assertThat(back.getPersonName(Tag.PatientName).ideographic().familyName()).isEqualTo("Иванов");
        assertThat(back.getStrings(Tag.StudyDescription)).containsExactly("КТ черепа", "Череп");
    }

    static Stream<String> iso2022Cyrillic() {
        return Stream.of("ISO 2022 IR 6\\ISO 2022 IR 144");
    }

    @Test
    void reencodesDcmtksCompressedPixelDataSoDcmtkCanDecompressIt() throws IOException {
        Dcmtk.runClean(dir, "dcmcjpeg", "base.dcm", "jpeg.dcm");
        Dcmtk.runClean(dir, "dcmcrle", "base.dcm", "rle.dcm");
        for (String name : new String[] {"jpeg", "rle"}) {
            Part10File theirs = Part10.read(dir.resolve(name + ".dcm"), DicomInputStream.Options.DEFAULT);
            assertThat(theirs.transferSyntax().isEncapsulated()).isTrue();
            Fragments fragments = theirs.dataset().getFragments(Tag.PixelData);
            assertThat(fragments.size()).as(name + " fragments").isGreaterThanOrEqualTo(2);

            Path ours = dir.resolve(name + "-ours.dcm");
            Part10.write(ours, theirs.fileMetaInformation(), theirs.dataset());
            String decompressor = name.equals("jpeg") ? "dcmdjpeg" : "dcmdrle";
            Dcmtk.runClean(dir, decompressor, name + "-ours.dcm", name + "-decoded.dcm");
            Attributes decoded = Part10.read(dir.resolve(name + "-decoded.dcm"), DicomInputStream.Options.DEFAULT)
                    .dataset();
            assertThat(decoded.getBytes(Tag.PixelData)).as(name).containsExactly(PIXELS_LE);
        }
    }

    @Test
    void aFileStreamedThroughPart10WriterPassesDcmdump() throws IOException {
        Attributes dataset = TestDatasets.withNativePixelData();
        TransferSyntax ts = TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
        byte[] received = DicomOutputStream.encode(dataset, ts, DicomOutputStream.Options.DEFAULT);
        try (Part10Writer writer = Part10Writer.create(dir.resolve("streamed.dcm"), Part10Test.fmi(ts), false)) {
            for (int pos = 0; pos < received.length; pos += 100) {
                writer.write(received, pos, Math.min(100, received.length - pos));
            }
        }
        assertThat(Dcmtk.runClean(dir, "dcmdump", "streamed.dcm")).contains("(0040,0001) AE [CT01]");
    }
}
