package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestMis;

/**
 * MLLP over TLS to the MIS, with a certificate made by keytool for 127.0.0.1: delivered when the
 * trust store holds it; with a certificate for another host name, nothing is sent.
 */
class Hl7MllpTlsDestinationTest {

    private static final String PASSWORD = "changeit-test";

    @TempDir
    Path dir;

    @Test
    void deliversOverTlsToAnMisWhoseCertificateIsTrustedAndNamesTheHost() throws Exception {
        Path keys = certificate("mis", "ip:127.0.0.1");
        Path trust = trustStore("mis", keys);
        try (TestMis mis = TestMis.startTls(keys, PASSWORD); Broker broker = broker(mis.port(), trust)) {
            send(broker);
            TestMis.await(Duration.ofSeconds(30), () -> mis.acceptedCount() == 1, "delivery over TLS");
            assertThat(mis.acceptedInOrder().get(0).field("OBR", 3)).isEqualTo("TLS-1");
        }
    }

    @Test
    void refusesAnMisCertificateForAnotherHost() throws Exception {
        Path keys = certificate("other", "dns:mis.example.org");
        Path trust = trustStore("other", keys);
        try (TestMis mis = TestMis.startTls(keys, PASSWORD); Broker broker = broker(mis.port(), trust)) {
            send(broker);
            TestMis.await(Duration.ofSeconds(30), () -> {
                try (var connection = broker.store().dataSource().getConnection();
                        var select = connection.prepareStatement("SELECT COUNT(*) FROM outbound_attempt WHERE outcome = 'unreachable'");
                        var rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1) > 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "a failed TLS handshake");
            assertThat(mis.acceptedCount()).isZero();
        }
    }

    private Broker broker(int misPort, Path trust) throws Exception {
        Path config = DestinationTestConfig.write(dir, """
                - name: mis
                  type: hl7-mllp
                  address: 127.0.0.1:%d
                  initialBackoff: 50ms
                  maxBackoff: 200ms
                  tls:
                    trustStore: %s
                    trustStorePassword: %s
                """.formatted(misPort, trust, PASSWORD));
        return Broker.start(new ConfigLoader(Map.of()).load(config));
    }

    private static void send(Broker broker) throws Exception {
        try (MllpTestClient client = new MllpTestClient(broker.listenerPort("lab"))) {
            assertThat(MllpTestClient.field(client.send(OutboundMessages.oru("TLS-1", "P1"), StandardCharsets.UTF_8), "MSA", 1))
                    .isEqualTo("AA");
        }
    }

    private Path certificate(String alias, String san) throws Exception {
        Path keys = dir.resolve(alias + "-keys.p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + alias,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keys;
    }

    private Path trustStore(String alias, Path keys) throws Exception {
        Path cert = dir.resolve(alias + ".crt");
        Path trust = dir.resolve(alias + "-trust.p12");
        keytool("-exportcert", "-alias", alias, "-keystore", keys.toString(), "-storepass", PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12", "-keystore",
                trust.toString(), "-storepass", PASSWORD);
        return trust;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s", args[0]).isZero();
    }
}
