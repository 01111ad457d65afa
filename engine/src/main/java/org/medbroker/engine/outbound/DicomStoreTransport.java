package org.medbroker.engine.outbound;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.DicomInputStream;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.service.RetrievableObject;
import org.medbroker.connectors.dicom.service.StoreScu;
import org.medbroker.engine.config.BrokerConfig.DicomDestination;
import org.medbroker.engine.store.ImagingIndex;

/**
 * Forwards a study to a PACS: every instance the index holds for the study event's study, read from
 * its stored file and sent as stored (no transcoding) by C-STORE over one association, proposing one
 * presentation context per SOP class and transfer syntax. Each data set streams from disk within
 * the PACS's Maximum Length.
 *
 * <p>Delivered when every C-STORE succeeds; warnings (0001, Bxxx) and 0111 (duplicate SOP instance:
 * the PACS has it from an earlier attempt) count as success. Any failure status rejects the event with
 * the failing instances' statuses, to be retried after the backoff (the whole study again; the PACS
 * answers what it already has as a duplicate). No association (refused, rejected, timed out), no
 * C-STORE-RSP within {@code storeTimeout} (the association is aborted) or a connection lost part way
 * is the PACS's fault: the circuit opens and the study waits.
 */
final class DicomStoreTransport implements Transport {

    /** Failing statuses kept in the attempt detail. */
    private static final int MAX_LISTED_FAILURES = 10;

    private final DicomDestination config;
    private final DataSource dataSource;
    private final ImagingIndex index = new ImagingIndex();
    private final SslContext tls;
    private final AssociationPolicy policy;
    private final EventLoopGroup group;

    DicomStoreTransport(DicomDestination config, DataSource dataSource, SslContext tls) {
        this.config = config;
        this.dataSource = dataSource;
        this.tls = tls;
        this.policy = AssociationPolicy.builder().maxPduLength(config.maxPduLength())
                .maxSendPduLength(config.maxPduLength()).artimTimeout(config.connectTimeout())
                .build();
        this.group = new NioEventLoopGroup(1, runnable -> {
            Thread thread = new Thread(runnable, "outbound-dicom-io");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String peer() {
        return "DICOM " + config.calledAeTitle() + "@" + config.host() + ":" + config.port()
                + (config.tls().isPresent() ? " (TLS)" : "");
    }

    @Override
    public Outcome send(OutboundQueue.Due message) throws InterruptedException {
        if (!message.isStudyEvent()) {
            return new Outcome.Rejected("AR", "MB-0740: a dicom destination forwards studies, not HL7 messages");
        }
        String studyUid = message.event().studyInstanceUid();
        List<RetrievableObject> objects;
        try {
            objects = instances(studyUid);
        } catch (SQLException e) {
            return new Outcome.Unreachable("unavailable", "MB-0741: the DICOM index cannot be read: " + e.getMessage());
        } catch (IOException e) {
            return new Outcome.Rejected("AR", "MB-0742: a stored object of the study cannot be read: " + e.getMessage());
        }
        if (objects.isEmpty()) {
            return new Outcome.Rejected("AR", "MB-0743: the study has no stored instances any more");
        }
        StoreScu.Opened association;
        try {
            association = StoreScu.open(group, new InetSocketAddress(config.host(), config.port()), tls,
                    StoreScu.proposal(config.callingAeTitle(), config.calledAeTitle(), objects, policy), policy);
        } catch (StoreScu.AssociationFailedException e) {
            return new Outcome.Unreachable("unreachable", e.getMessage());
        }
        Map<String, Integer> failures = new LinkedHashMap<>();
        int failed = 0;
        int sent = 0;
        try {
            for (RetrievableObject object : objects) {
                int status = StoreScu.store(association, object, null, 0, config.storeTimeout());
                sent++;
                if (Status.isFailure(status)) {
                    failed++;
                    if (failures.size() < MAX_LISTED_FAILURES) {
                        failures.put(object.sopInstanceUid(), status);
                    }
                }
            }
        } catch (StoreScu.NoResponseException e) {
            association.association().abort();
            boolean timedOut = e.getCause() instanceof java.util.concurrent.TimeoutException;
            return new Outcome.Unreachable(timedOut ? "timeout" : "unreachable", "MB-0744: " + e.getMessage() + " (instance "
                    + (sent + 1) + " of " + objects.size() + ")");
        } finally {
            association.close();
        }
        if (failed == 0) {
            return new Outcome.Delivered("AA");
        }
        StringBuilder detail = new StringBuilder("MB-0745: ").append(failed).append(" of ").append(objects.size())
                .append(" C-STORE operations failed:");
        failures.forEach((uid, status) -> detail.append(' ').append(uid).append('=').append(Status.hex(status)));
        return new Outcome.Rejected("AE", detail.toString());
    }

    /** The study's instances as stored, each with where its data set starts in its file. */
    private List<RetrievableObject> instances(String studyUid) throws SQLException, IOException {
        List<ImagingIndex.StoredFile> files;
        try (Connection connection = dataSource.getConnection()) {
            files = index.studyFiles(connection, studyUid);
        }
        List<RetrievableObject> objects = new ArrayList<>(files.size());
        for (ImagingIndex.StoredFile stored : files) {
            Path file = Path.of(stored.filePath());
            objects.add(new RetrievableObject(file, dataSetOffset(file), stored.sopClassUid(), stored.sopInstanceUid(),
                    stored.transferSyntax()));
        }
        return objects;
    }

    /** Reads only the preamble and File Meta Information. */
    private static long dataSetOffset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             DicomInputStream dis = new DicomInputStream(in, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                     DicomInputStream.Options.DEFAULT, 8 * 1024)) {
            Part10.readHeader(dis);
            return dis.position();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }
}
