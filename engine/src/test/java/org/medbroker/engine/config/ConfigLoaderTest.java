package org.medbroker.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theSampleConfigurationIsValidAndTakesPortsFromTheEnvironment() throws Exception {
        Path sample = Path.of(System.getProperty("user.dir")).resolve("../samples/config/medbroker.yaml");
        BrokerConfig config = new ConfigLoader(Map.of("MEDBROKER_MLLP_PORT", "12575", "MEDBROKER_HTTP_PORT", "18080",
                "MEDBROKER_DICOM_PORT", "11113", "MEDBROKER_DATA_DIR", dir.toString())).load(sample);
        assertThat(config.http().port()).isEqualTo(18080);
        assertThat(config.listener("lab-hl7")).hasValueSatisfying(l -> {
            assertThat(l.port()).isEqualTo(12575);
            assertThat(l.defaultCharset()).isEqualTo(Charset.forName("windows-1251"));
        });
        assertThat(config.listener("imaging")).hasValueSatisfying(l -> {
            assertThat(l.port()).isEqualTo(11113);
            assertThat(l.dicom().orElseThrow().aeTitle()).isEqualTo("MEDBROKER");
        });
        assertThat(config.dataDir()).isEqualTo(dir);
        assertThat(config.tokens()).singleElement().satisfies(t -> assertThat(t.generate()).isTrue());

        BrokerConfig defaults = new ConfigLoader(Map.of()).load(sample);
        assertThat(defaults.http().port()).isEqualTo(8080);
        assertThat(defaults.listener("lab-hl7").orElseThrow().port()).isEqualTo(2575);
        assertThat(defaults.listener("imaging").orElseThrow().port()).isEqualTo(11112);
    }

    @Test
    void reportsEveryProblemAtOnceWithItsLine() throws Exception {
        Path file = write("""
                http:
                  port: eighty
                tokens:
                  - name: mis
                    secret: short
                    scopes: [fhir:write]
                listeners:
                  - name: lab
                    type: hl7-tcp
                    port: 2575
                    defaultCharset: klingon
                    colour: blue
                routes:
                  - from: nowhere
                    to: [store]
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":2: 'port' must be a whole number, got 'eighty'",
                file + ":4: token 'mis' is shorter than 16 characters; use a long random secret",
                file + ":4: unknown scope 'fhir:write'; known scopes: [admin, fhir:read]",
                file + ":8: listener 'lab' has unknown type 'hl7-tcp'; known types: [dicom, hl7-mllp]",
                file + ":11: 'defaultCharset' must be a character set name such as UTF-8 or windows-1251, got 'klingon'",
                file + ":12: unknown key 'colour' in listener 'lab'",
                file + ":14: route from 'nowhere': no listener has that name",
                file + ":14: route to 'store': no destination has that name");
    }

    @Test
    void reportsDicomListenerProblemsWithTheirLines() throws Exception {
        Path file = write("""
                listeners:
                  - name: ct
                    type: dicom
                    port: 11112
                    aeTitle: A_TITLE_LONGER_THAN_16
                    callingAeTitles:
                      - aeTitle: CBCT
                        hosts: [10.0.0.5]
                    storage:
                      layout: "{StudyInstanceUID}/{PatientName}.dcm"
                      duplicates: overwrite
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":2: listener 'ct': aeTitle 'A_TITLE_LONGER_THAN_16' must be 1 to 16 characters of ASCII without"
                        + " backslash or control characters",
                file + ":11: 'duplicates' must be keep or replace, got 'overwrite'",
                file + ":10: listener 'ct': storage layout placeholder {PatientName} is not one of "
                        + org.medbroker.engine.imaging.StorageLayout.PLACEHOLDERS);
    }

    @Test
    void reportsAnUnsetVariableWithoutDefault() throws Exception {
        Path file = write("""
                http:
                  port: ${HTTP_PORT}
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::line).containsExactly(2);
        assertThat(e.getMessage()).contains("HTTP_PORT is not set");
    }

    @Test
    void reportsBrokenYamlWithItsLine() throws Exception {
        Path file = write("""
                http:
                  port: 8080
                 bind: [unclosed
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.line()).isBetween(2, 4);
            assertThat(err.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void refusesTwoListenersOnOnePort() throws Exception {
        Path file = write("""
                listeners:
                  - name: a
                    type: hl7-mllp
                    port: 2575
                  - name: b
                    type: hl7-mllp
                    port: 2575
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.getMessage()).contains("port 2575 is used by both listener 'a' and listener 'b'");
    }
}
