package org.medbroker.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dicom} destination in the YAML: its keys and defaults, and every problem reported with its line. */
class DicomDestinationConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsADicomDestinationWithTlsAndAModalityFilter() throws Exception {
        Files.write(dir.resolve("pacs-ca.p12"), new byte[] {1});
        Path file = write("""
                listeners:
                  - name: ct
                    type: dicom
                    port: 11112
                destinations:
                  - name: pacs
                    type: dicom
                    calledAeTitle: ARCHIVE
                    host: pacs.clinic.local
                    port: 2762
                    callingAeTitle: MB_FWD
                    tls: {trustStore: pacs-ca.p12, trustStorePassword: secret}
                    storeTimeout: 2m
                    maxAttempts: 3
                    filter: {listeners: [ct], modalities: [CT, MR]}
                routes:
                  - from: ct
                    to: [pacs]
                """);
        BrokerConfig.DicomDestination pacs = new ConfigLoader(Map.of()).load(file).destinations().get(0).dicom().orElseThrow();
        assertThat(pacs.enabled()).isTrue();
        assertThat(pacs.calledAeTitle()).isEqualTo("ARCHIVE");
        assertThat(pacs.host()).isEqualTo("pacs.clinic.local");
        assertThat(pacs.port()).isEqualTo(2762);
        assertThat(pacs.callingAeTitle()).isEqualTo("MB_FWD");
        assertThat(pacs.tls()).hasValueSatisfying(t -> assertThat(t.trustStore()).contains(dir.resolve("pacs-ca.p12")));
        assertThat(pacs.storeTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pacs.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pacs.delivery().maxAttempts()).isEqualTo(3);
        assertThat(pacs.delivery().orderedPerPatient()).isFalse();
        assertThat(pacs.delivery().filter().modalities()).isEqualTo(Set.of("CT", "MR"));
        assertThat(pacs.delivery().filter().listeners()).isEqualTo(Set.of("ct"));
    }

    @Test
    void reportsDicomDestinationProblemsWithTheirLines() throws Exception {
        Path file = write("""
                listeners:
                  - name: lab
                    type: hl7-mllp
                    port: 2575
                  - name: ct
                    type: dicom
                    port: 11112
                destinations:
                  - name: pacs
                    type: dicom
                    callingAeTitle: CALLING_AE_TITLE_TOO_LONG
                    port: 70000
                    filter: {messageTypes: [ORU^R01]}
                    tls: {trustStore: missing.p12}
                  - name: off
                    type: dicom
                    enabled: false
                routes:
                  - from: lab
                    to: [pacs]
                  - from: ct
                    to: [pacs, off]
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":9: destination 'pacs' needs 'calledAeTitle', the PACS's AE title (1 to 16 characters of ASCII,"
                        + " no backslash), got ''",
                file + ":9: destination 'pacs': callingAeTitle 'CALLING_AE_TITLE_TOO_LONG' must be 1 to 16 characters"
                        + " of ASCII, no backslash",
                file + ":9: destination 'pacs' needs 'host', where the PACS listens",
                file + ":12: 'port' must be between 1 and 65535, got 70000",
                file + ":14: TLS trust store " + dir.resolve("missing.p12") + " cannot be read",
                file + ":9: destination 'pacs' receives studies, not HL7 messages: its filter takes 'listeners' and"
                        + " 'modalities' only",
                file + ":19: route from 'lab' to 'pacs': a dicom destination receives studies, so only DICOM listeners"
                        + " can be routed to it");
    }
}
