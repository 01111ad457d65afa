package org.medbroker.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener's {@code retention}: read as days or hours, absent keeps forever, mistakes reported with their line. */
class RetentionConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsDaysAndHoursAndKeepsForeverWhenAbsent() throws Exception {
        BrokerConfig config = new ConfigLoader(Map.of()).load(write("""
                listeners:
                  - name: lab
                    type: hl7-mllp
                    port: 2575
                    retention: 90d
                  - name: xn
                    type: astm
                    port: 5100
                    codeMap: hematology-xn
                    retention: 36h
                  - name: adt
                    type: hl7-mllp
                    port: 2576
                  - name: old
                    type: hl7-mllp
                    port: 2577
                    retention: forever
                """));
        assertThat(config.listener("lab").orElseThrow().retention()).contains(Duration.ofDays(90));
        assertThat(config.listener("xn").orElseThrow().retention()).contains(Duration.ofHours(36));
        assertThat(config.listener("adt").orElseThrow().retention()).isEmpty();
        assertThat(config.listener("old").orElseThrow().retention()).isEmpty();
    }

    @Test
    void reportsEveryBadRetentionWithItsLine() throws Exception {
        Path file = write("""
                listeners:
                  - name: lab
                    type: hl7-mllp
                    port: 2575
                    retention: 90 days
                  - name: short
                    type: hl7-mllp
                    port: 2576
                    retention: 30m
                  - name: ct
                    type: dicom
                    port: 11112
                    retention: 30d
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":5: 'retention' must be a duration of at least 1h such as 90d or 36h, or forever, got '90 days'",
                file + ":9: 'retention' must be a duration of at least 1h such as 90d or 36h, or forever, got '30m'",
                file + ":10: listener 'ct': 'retention' prunes journaled HL7 and ASTM messages; a dicom listener journals none");
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
