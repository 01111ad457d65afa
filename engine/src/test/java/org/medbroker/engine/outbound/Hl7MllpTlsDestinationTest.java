package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.engine.Broker;
import org.medbroker.engine.MllpTestClient;
import org.medbroker.engine.config.ConfigLoader;
import org.medbroker.engine.testsupport.TestCertificates;
import org.medbroker.engine.testsupport.TestMis;

/**
 * MLLP over TLS to the MIS, with a certificate made by keytool for 127.0.0.1: delivered when the
 * trust store holds it; with a certificate for another host name, nothing is sent.
 */
class Hl7MllpTlsDestinationTest {

    private static final String PASSWORD = TestCertificates.PASSWORD;

    @TempDir
    Path dir;

    @Test
    void deliversOverTlsToAnMisWhoseCertificateIsTrustedAndNamesTheHost() throws Exception {
        Path keys = TestCertificates.keyStore(dir, "mis", "ip:127.0.0.1");
        Path trust = TestCertificates.trustStore(dir, Map.of("mis", keys));
        try (TestMis mis = TestMis.startTls(keys, PASSWORD); Broker broker = broker(mis.port(), trust)) {
            send(broker);
            TestMis.await(Duration.ofSeconds(30), () -> mis.acceptedCount() == 1, "delivery over TLS");
            assertThat(mis.acceptedInOrder().get(0).field("OBR", 3)).isEqualTo("TLS-1");
        }
    }

    @Test
    void refusesAnMisCertificateForAnotherHost() throws Exception {
        Path keys = TestCertificates.keyStore(dir, "other", "dns:mis.example.org");
        Path trust = TestCertificates.trustStore(dir, Map.of("other", keys));
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
}
