package org.medbroker.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AstmListenerConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("medbroker.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theSampleConfigurationHasAnAstmListenerOnTheEnvironmentsPort() throws Exception {
        Path sample = Path.of(System.getProperty("user.dir")).resolve("../samples/config/medbroker.yaml");
        BrokerConfig config = new ConfigLoader(Map.of("MEDBROKER_ASTM_PORT", "15100")).load(sample);
        BrokerConfig.Listener astm = config.listeners("astm").get(0);
        assertThat(astm.port()).isEqualTo(15100);
        assertThat(astm.astm().orElseThrow().codeMap().name()).isEqualTo("hematology-xn");
        assertThat(new ConfigLoader(Map.of()).load(sample).listeners("astm").get(0).port()).isEqualTo(5100);
    }

    @Test
    void readsEveryTransport() throws Exception {
        Files.writeString(dir.resolve("site.tsv"), "K\t2823-3\tPotassium [Moles/volume] in Serum or Plasma\tmmol/L\n");
        BrokerConfig config = new ConfigLoader(Map.of()).load(write("""
                listeners:
                  - name: xn
                    type: astm
                    port: 5100
                    codeMap: hematology-xn
                    specimenIdComponent: 3
                    framing: RECORDS
                    mllp: true
                    timeouts:
                      frameReceive: 2s
                  - name: c111
                    type: astm
                    transport: tcp-client
                    host: 10.0.5.20
                    port: 6000
                    codeMap: site.tsv
                    charset: windows-1251
                    frameChecks: lenient
                  - name: ca
                    type: astm
                    transport: serial
                    codeMap: coagulation-ca
                    serial:
                      port: /dev/ttyUSB0
                      baud: 9600
                      parity: even
                      dataBits: 7
                      flowControl: xon-xoff
                """));
        AstmListenerSettings xn = config.listener("xn").orElseThrow().astm().orElseThrow();
        assertThat(xn.framing()).isEqualTo(AstmListenerSettings.Framing.RECORDS);
        assertThat(xn.mllp()).isTrue();
        assertThat(xn.timeouts()).containsEntry("frameReceive", Duration.ofSeconds(2));
        assertThat(xn.strictFrames()).isTrue();
        assertThat(xn.specimenIdComponent()).isEqualTo(3);
        BrokerConfig.Listener c111 = config.listener("c111").orElseThrow();
        assertThat(c111.port()).as("not a local port").isZero();
        assertThat(c111.astm().orElseThrow().remotePort()).isEqualTo(6000);
        assertThat(c111.astm().orElseThrow().codeMap().lookup("K")).isPresent();
        assertThat(c111.defaultCharset()).isEqualTo(java.nio.charset.Charset.forName("windows-1251"));
        assertThat(c111.astm().orElseThrow().maxFrameText()).isEqualTo(65_536);
        AstmListenerSettings.Serial serial = config.listener("ca").orElseThrow().astm().orElseThrow().serial().orElseThrow();
        assertThat(serial).isEqualTo(new AstmListenerSettings.Serial("/dev/ttyUSB0", 9600, 7, AstmListenerSettings.Parity.EVEN, "1",
                AstmListenerSettings.FlowControl.XON_XOFF));
    }

    @Test
    void reportsEveryAstmProblemWithItsLine() throws Exception {
        Path file = write("""
                listeners:
                  - name: a
                    type: astm
                    port: 5100
                    framing: HDLC
                    codeMap: no-such-map
                    maxFrameText: 1000
                  - name: b
                    type: astm
                    transport: tcp-client
                    port: 6000
                    codeMap: hematology-xn
                    mllp: true
                    patientIdSystems:
                      P.9: urn:x
                  - name: c
                    type: astm
                    transport: serial
                    codeMap: hematology-xn
                    serial:
                      port: /dev/ttyS0
                      baud: 300
                      stopBits: 3
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file));
        assertThat(e.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                file + ":5: 'framing' must be E1381, PLAIN or RECORDS, got 'HDLC'",
                file + ":2: listener 'a': 'maxFrameText' above 247 needs 'frameChecks: lenient'",
                file + ":2: listener 'a': no built-in code map 'no-such-map'; use hematology-xn, chemistry-c111, coagulation-ca or a path to a .tsv file",
                file + ":8: listener 'b': 'mllp: true' needs 'framing: RECORDS'",
                file + ":8: listener 'b': transport tcp-client needs 'host' (the analyzer's address)",
                file + ":8: listener 'b': patientIdSystems key 'P.9' must be P.3, P.4 or P.5",
                file + ":21: listener 'c': serial 'baud' must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200",
                file + ":21: listener 'c': serial 'stopBits' must be 1, 1.5 or 2");
    }
}
