package org.medbroker.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.mappings.v2transform.FieldPath;
import org.medbroker.mappings.v2transform.Transform;
import org.medbroker.mappings.v2transform.TransformChain;

/** The {@code transform:} list of hl7-mllp and file destinations: compiled at load, every problem with its line. */
class TransformConfigTest {

    @TempDir
    Path dir;

    private Path write(String destinations) throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, """
                listeners:
                  - name: lab
                    type: hl7-mllp
                    port: 2575
                destinations:
                %s
                routes:
                  - from: lab
                    to: [mis]
                """.formatted(destinations.strip().indent(2).stripTrailing()));
        return file;
    }

    @Test
    void compilesEveryRuleKindInOrder() throws Exception {
        Files.writeString(dir.resolve("codes.tsv"), "WBC\t6690-2\n");
        Path file = write("""
                - name: mis
                  type: hl7-mllp
                  address: mis:6661
                  transform:
                    - {set: PID-3.4, value: CLINIC}
                    - {copy: PID-3, to: PID-2}
                    - clear: PV1-19
                    - removeSegments: [NTE, ZXX]
                    - {map: "OBX-3.1", table: codes.tsv, otherwise: reject}
                    - {map: PID-8, values: {F: "2"}}
                    - {charset: windows-1251, msh18: WINDOWS-1251}
                - name: archive
                  type: file
                  directory: out
                """);
        BrokerConfig config = new ConfigLoader(Map.of()).load(file);
        TransformChain chain = config.destinations().get(0).hl7Mllp().orElseThrow().transforms();
        assertThat(chain.rules()).containsExactly(
                new Transform.SetValue(FieldPath.parse("PID-3.4"), "CLINIC"),
                new Transform.Copy(FieldPath.parse("PID-3"), FieldPath.parse("PID-2")),
                new Transform.Clear(FieldPath.parse("PV1-19")),
                new Transform.RemoveSegments(java.util.Set.of("NTE", "ZXX")),
                new Transform.MapCodes(FieldPath.parse("OBX-3.1"), Map.of("WBC", "6690-2"), Transform.Otherwise.REJECT, "table codes.tsv"),
                new Transform.MapCodes(FieldPath.parse("PID-8"), Map.of("F", "2"), Transform.Otherwise.KEEP, "the inline values"));
        assertThat(chain.charset()).contains(new TransformChain.TargetCharset(Charset.forName("windows-1251"), "WINDOWS-1251"));
        assertThat(config.destinations().get(1).file().orElseThrow().transforms().isEmpty()).isTrue();
    }

    @Test
    void theSamplesCommentedExampleIsValidOnceUncommented() throws Exception {
        Path sample = Path.of(System.getProperty("user.dir")).resolve("../samples/config/medbroker.yaml");
        StringBuilder yaml = new StringBuilder();
        boolean inExample = false;
        for (String line : Files.readAllLines(sample)) {
            if (line.equals("    # transform:")) {
                inExample = true;
                line = "    transform:";
            } else if (inExample && line.startsWith("    #   - ")) {
                line = "      - " + line.substring("    #   - ".length());
            } else {
                inExample = false;
            }
            yaml.append(line).append('\n');
        }
        assertThat(yaml).contains("    transform:\n      - {set: PID-3.4");
        Path copy = dir.resolve("medbroker.yaml");
        Files.writeString(copy, yaml);
        Files.writeString(dir.resolve("mis-codes.tsv"), "6690-2\tWBC\n");
        BrokerConfig config = new ConfigLoader(Map.of("MEDBROKER_MIS_MLLP", "mis:6661", "MEDBROKER_DATA_DIR", dir.toString()))
                .load(copy);
        TransformChain chain = config.destinations().stream().filter(d -> d.name().equals("mis")).findFirst().orElseThrow()
                .hl7Mllp().orElseThrow().transforms();
        assertThat(chain.rules()).hasSize(6);
        assertThat(chain.charset()).hasValueSatisfying(c -> assertThat(c.msh18()).isEqualTo("CP1251"));
    }

    @Test
    void reportsEveryTransformProblemWithItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.tsv"), "WBC\t6690-2\nHGB 718-7\n");
        Path file = write("""
                - name: mis
                  type: hl7-mllp
                  address: mis:6661
                  transform:
                    - set: PID3.4
                      value: CLINIC
                    - clear: MSH-10
                    - {map: OBX-3.1, table: missing.tsv}
                    - {map: OBX-3.1, table: bad.tsv}
                    - {map: OBX-3.1, values: {A: B}, otherwise: drop}
                    - {set: PID-8, value: F, clear: PID-7}
                    - {copy: PID-3, too: PID-2}
                    - charset: klingon
                    - {copy: PID-3, to: PID-2.1}
                    - {set: PID-3.4, value: "A^B"}
                    - removeSegments: [MSH]
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        String where = "of destination 'mis'";
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":10: transform 1 " + where + ": 'set': 'PID3.4' is not a field path such as PID-3, PID-3[*], OBX-3.1 or"
                        + " PID-3.4.1 (segment id in capitals, then numbers from 1)",
                file + ":12: transform 2 " + where + ": MSH-10 cannot be changed by a transform: MSH-1 and MSH-2 are the"
                        + " delimiters, MSH-3, MSH-4 and MSH-10 are the broker's (sendingApplication, sendingFacility, the stable"
                        + " control id), MSH-18 follows the charset rule",
                file + ":13: code table " + dir.resolve("missing.tsv") + " cannot be read (NoSuchFileException)",
                file + ":14: code table bad.tsv, line 2: expected 'code<TAB>replacement'",
                file + ":15: 'otherwise' must be keep, clear or reject, got 'drop'",
                file + ":16: transform 6 " + where + " needs exactly one of set, copy, clear, removeSegments, map, charset, not"
                        + " set and clear",
                file + ":17: 'to' is required",
                file + ":17: unknown key 'too' in transform 7 " + where,
                file + ":18: transform 8 " + where + ": 'klingon' is not a character set name such as windows-1251, ISO-8859-5"
                        + " or UTF-8",
                file + ":19: transform 9 " + where + ": copy from PID-3 to PID-2.1 would put a field inside a component; copy"
                        + " a part of the same size or smaller",
                file + ":20: transform 10 " + where + ": value 'A^B' for PID-3.4 holds '^', which would split a component;"
                        + " write \\S\\ or \\T\\ for the character itself",
                file + ":21: transform 11 " + where + ": the MSH segment cannot be removed");
    }
}
