package org.medbroker.connectors.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medbroker.connectors.dicom.data.Attributes;

/** The header a Storage SCP parses from the bytes it kept equals the one read back from the file. */
class Part10HeadTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = TransferSyntax.class, names = {"IMPLICIT_VR_LITTLE_ENDIAN", "EXPLICIT_VR_LITTLE_ENDIAN",
        "EXPLICIT_VR_BIG_ENDIAN", "DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN", "JPEG_BASELINE_8BIT"})
    void headParsedInMemoryEqualsTheFileReadBackAtEveryCut(TransferSyntax ts) throws IOException {
        Attributes dataset = ts.isEncapsulated() ? TestDatasets.withEncapsulatedPixelData()
                : TestDatasets.withNativePixelData();
        Path file = dir.resolve("a.dcm");
        Part10.write(file, Part10Test.fmi(ts), dataset);
        Attributes fromFile = Part10.readDatasetUntilPixelData(file).dataset();
        byte[] bytes = Files.readAllBytes(file);
        byte[] dataSet = Arrays.copyOfRange(bytes, Part10.encodeHeader(Part10Test.fmi(ts)).length, bytes.length);

        assertThat(Part10.datasetUntilPixelData(dataSet, dataSet.length, true, ts)).isEqualTo(fromFile);
        int firstParsed = -1;
        for (int cut = 0; cut < dataSet.length; cut++) {
            Attributes head = Part10.datasetUntilPixelData(dataSet, cut, false, ts);
            if (head != null) {
                // never a header cut short: once the Pixel Data tag is in, every longer cut gives the same
                assertThat(head).as("cut at %d", cut).isEqualTo(fromFile);
                firstParsed = firstParsed < 0 ? cut : firstParsed;
            } else {
                assertThat(firstParsed).as("cut at %d", cut).isNegative();
            }
        }
        if (!ts.isDeflated()) {
            // only the Pixel Data element (its header and at most 74 value bytes here) was missing
            assertThat(firstParsed).isBetween(dataSet.length - 90, dataSet.length - 1);
        }
    }

    @Test
    void headWithoutPixelDataIsCompleteOnlyWhenItIsTheWholeDataSet() throws IOException {
        Attributes dataset = TestDatasets.header();
        Path file = dir.resolve("sr.dcm");
        Part10.write(file, Part10Test.fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), dataset);
        byte[] bytes = Files.readAllBytes(file);
        int offset = Part10.encodeHeader(Part10Test.fmi(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)).length;
        byte[] dataSet = Arrays.copyOfRange(bytes, offset, bytes.length);

        assertThat(Part10.datasetUntilPixelData(dataSet, dataSet.length, true, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isEqualTo(Part10.readDatasetUntilPixelData(file).dataset());
        assertThat(Part10.datasetUntilPixelData(dataSet, dataSet.length, false, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isNull();
    }

    @Test
    void malformedHeadGivesNullNotAnException() {
        byte[] garbage = {0x08, 0x00, 0x18, 0x00, 'U', 'I', (byte) 0xFF, 0x7F, 1, 2, 3};
        assertThat(Part10.datasetUntilPixelData(garbage, garbage.length, true, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isNull();
    }
}
