package org.medbroker.engine.imaging;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.Executor;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.service.DicomServer;
import org.medbroker.connectors.dicom.service.QueryProvider;
import org.medbroker.connectors.dicom.service.QueryScp;
import org.medbroker.connectors.dicom.service.StorageScp;
import org.medbroker.connectors.dicom.service.StorageSink;
import org.medbroker.connectors.dicom.service.VerificationScp;
import org.medbroker.connectors.tcp.ServerTls;
import org.medbroker.engine.config.BrokerConfig;

/**
 * One configured DICOM listener: Verification, Storage into the listener's storage directory and
 * C-FIND over the index, answering to its AE title and to the calling AE titles it allows.
 */
public final class DicomListener {

    private static final int MAX_QUERY_IDENTIFIER_BYTES = 1 << 20;

    private DicomListener() {}

    /** The storage directory of a listener: absolute, or below the data directory. */
    public static Path storageDir(BrokerConfig.Dicom dicom, Path dataDir) {
        return dataDir.resolve(dicom.storageDir()).toAbsolutePath().normalize();
    }

    public static DicomServer start(BrokerConfig.Listener listener, Path storageDir, StorageSink sink, QueryProvider queries,
            Executor workers) throws IOException, GeneralSecurityException, InterruptedException {
        BrokerConfig.Dicom dicom = listener.dicom().orElseThrow();
        Path incoming = storageDir.resolve(".incoming");
        Files.createDirectories(incoming);
        AssociationPolicy.Builder policy = AssociationPolicy.builder().calledAeTitle(dicom.aeTitle())
                .maxPduLength(dicom.maxPduLength());
        for (Map.Entry<String, String> caller : dicom.callingAeTitles().entrySet()) {
            policy.callingAeTitle(caller.getKey(), caller.getValue());
        }
        SslContext tls = null;
        if (listener.tls().isPresent()) {
            BrokerConfig.Tls settings = listener.tls().get();
            tls = ServerTls.fromKeyStore(settings.keyStore(), settings.keyStorePassword(), settings.keyStoreType());
        }
        return DicomServer.builder()
                .bind(listener.bind(), listener.port())
                .policy(policy)
                .allowedPeers(String.join(",", listener.allowedPeers()))
                .tls(tls)
                .service(new VerificationScp())
                .service(new StorageScp(incoming, sink, workers, dicom.fsync()))
                .service(new QueryScp(queries, workers, MAX_QUERY_IDENTIFIER_BYTES))
                .start();
    }
}
