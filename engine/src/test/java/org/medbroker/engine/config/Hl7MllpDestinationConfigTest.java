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

class Hl7MllpDestinationConfigTest {

    @TempDir
    Path dir;

    private static final Path SAMPLE = Path.of(System.getProperty("user.dir")).resolve("../samples/config/medbroker.yaml");

    @Test
    void theSampleForwardsResultsToTheMisOnlyWhenMedbrokerMisMllpIsSet() throws Exception {
        BrokerConfig unset = new ConfigLoader(Map.of()).load(SAMPLE);
        assertThat(unset.destinations()).filteredOn(d -> d.name().equals("mis")).singleElement()
                .satisfies(d -> assertThat(d.hl7Mllp().orElseThrow().enabled()).isFalse());

        BrokerConfig set = new ConfigLoader(Map.of("MEDBROKER_MIS_MLLP", "mis.clinic.local:6661")).load(SAMPLE);
        BrokerConfig.Hl7MllpDestination mis = set.destinations().stream().filter(d -> d.name().equals("mis")).findFirst()
                .orElseThrow().hl7Mllp().orElseThrow();
        assertThat(mis.enabled()).isTrue();
        assertThat(mis.host()).isEqualTo("mis.clinic.local");
        assertThat(mis.port()).isEqualTo(6661);
        assertThat(mis.filter().messageTypes()).containsExactly("ORU^R01");
        assertThat(set.routes().get(0).to()).contains("mis");
    }

    @Test
    void readsEveryOptionWithDefaults() throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, """
                listeners:
                  - name: lab
                    type: hl7-mllp
                    port: 2575
                destinations:
                  - name: mis
                    type: hl7-mllp
                    address: 10.0.0.5:6661
                    ackTimeout: 10s
                    orderedPerPatient: false
                    filter:
                      listeners: [lab]
                      patientClasses: [I, E]
                      testCodes: [6690-2]
                routes:
                  - from: lab
                    to: [mis]
                """);
        BrokerConfig.Hl7MllpDestination mis = new ConfigLoader(Map.of()).load(file).destinations().get(0).hl7Mllp().orElseThrow();
        assertThat(mis.ackTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(mis.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(mis.maxAttempts()).isEqualTo(10);
        assertThat(mis.orderedPerPatient()).isFalse();
        assertThat(mis.filter().patientClasses()).isEqualTo(Set.of("I", "E"));
        assertThat(mis.filter().listeners()).isEqualTo(Set.of("lab"));
        assertThat(mis.sendingApplication()).isEqualTo("MEDBROKER");
        assertThat(mis.tls()).isEmpty();
    }

    @Test
    void reportsABadAddressAndUnknownKeysWithTheirLines() throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, """
                destinations:
                  - name: mis
                    type: hl7-mllp
                    address: nohostport
                    ackTimout: 10s
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.getMessage()).contains("medbroker.yaml:2: destination 'mis' needs 'address' as host:port")
                .contains("medbroker.yaml:5: unknown key 'ackTimout'");
    }

    @Test
    void plusSubstitutionGivesTheValueOnlyWhenTheVariableIsSet() {
        EnvironmentSubstitution substitution = new EnvironmentSubstitution(Map.of("SET", "x", "EMPTY", ""));
        assertThat(substitution.apply("${SET:+true}", p -> { })).isEqualTo("true");
        assertThat(substitution.apply("${EMPTY:+true}", p -> { })).isEmpty();
        assertThat(substitution.apply("${UNSET:+true}", p -> { })).isEmpty();
        assertThat(substitution.apply("${UNSET:-d}", p -> { })).isEqualTo("d");
    }
}
