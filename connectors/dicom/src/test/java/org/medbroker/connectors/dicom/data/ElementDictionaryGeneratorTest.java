package org.medbroker.connectors.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed element-dictionary.txt is exactly what src/build/GenerateElementDictionary.java
 * makes of dcmtk 3.6.7's dicom.dic, the PS3.6 edition it was generated from; nobody edited it by hand.
 */
class ElementDictionaryGeneratorTest {

    private static final Path DCMTK_DICTIONARY = Path.of("/usr/share/libdcmtk17/dicom.dic");

    @TempDir
    Path dir;

    @Test
    void committedResourceIsTheGeneratorsOutput() throws IOException, InterruptedException {
        assumeTrue(Files.isReadable(DCMTK_DICTIONARY), "dcmtk 3.6.7's dicom.dic is not installed");
        Path generated = dir.resolve("element-dictionary.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "src/build/GenerateElementDictionary.java",
                DCMTK_DICTIONARY.toString(), generated.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();

        Path committed = Path.of("src/main/resources/org/medbroker/connectors/dicom/data/element-dictionary.txt");
        assertThat(Files.readAllLines(generated)).isEqualTo(Files.readAllLines(committed));
    }
}
