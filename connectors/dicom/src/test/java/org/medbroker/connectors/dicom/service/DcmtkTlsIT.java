package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.AssociationPolicy;

/** DICOM over TLS: echoscu with a certificate made by openssl, against a server given a Netty SslContext. */
class DcmtkTlsIT {

    @TempDir
    Path dir;

    @Test
    void echoscuOverTlsSucceedsAndPlainTcpFails() throws Exception {
        Dcmtk.ok(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost");
        try (DicomServer server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER"))
                .service(new VerificationScp())
                .tls(SslContextBuilder.forServer(dir.resolve("cert.pem").toFile(), dir.resolve("key.pem").toFile()).build())
                .start()) {
            String port = Integer.toString(server.port());
            Dcmtk.Result tls = Dcmtk.ok(dir, "echoscu", "-v", "+tla", "+cf", "cert.pem", "-aec", "MEDBROKER",
                    "127.0.0.1", port);
            assertThat(tls.all()).contains("Received Echo Response (Success)");
            Dcmtk.Result plain = Dcmtk.run(dir, "echoscu", "-to", "5", "-ta", "5", "-aec", "MEDBROKER", "127.0.0.1", port);
            assertThat(plain.exitCode()).isNotZero();
        }
    }
}
