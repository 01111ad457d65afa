package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;

/**
 * The Storage SCU against our own Storage SCP over loopback: objects streamed from their files within
 * the SCP's small Maximum Length arrive with their data sets intact, an object without an accepted
 * context fails alone, and a rejected or absent peer is an {@link StoreScu.AssociationFailedException}.
 */
class StoreScuTest {

    @TempDir
    Path dir;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final Map<String, byte[]> received = new ConcurrentHashMap<>();
    private DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        workers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void startScp() throws Exception {
        Path incoming = Files.createDirectories(dir.resolve("incoming"));
        server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("PACS").maxPduLength(4096))
                .service(new StorageScp(incoming, object -> {
                    byte[] file = Files.readAllBytes(object.file());
                    received.put(object.sopInstanceUid(), Arrays.copyOfRange(file, (int) object.dataSetOffset(),
                            (int) (object.dataSetOffset() + object.dataSetLength())));
                    Files.delete(object.file());
                    return StoreResult.stored();
                }, workers, false))
                .start();
    }

    private RetrievableObject object(String sopClass, String uid, int pixelBytes) throws IOException {
        byte[] pixels = new byte[pixelBytes];
        new Random(uid.hashCode()).nextBytes(pixels);
        Attributes dataset = new Attributes();
        dataset.setString(Tag.SOPClassUID, VR.UI, sopClass);
        dataset.setString(Tag.SOPInstanceUID, VR.UI, uid);
        dataset.setBytes(Tag.PixelData, VR.OB, pixels);
        Path file = dir.resolve(uid + ".dcm");
        Part10.write(file, Part10.fileMetaInformation(sopClass, uid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, null), dataset);
        long offset = Part10.encodeHeader(Part10.fileMetaInformation(sopClass, uid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                null)).length;
        return new RetrievableObject(file, offset, sopClass, uid, UID.ExplicitVRLittleEndian);
    }

    private static byte[] dataSet(RetrievableObject object) throws IOException {
        byte[] file = Files.readAllBytes(object.file());
        return Arrays.copyOfRange(file, (int) object.dataSetOffset(), file.length);
    }

    @Test
    void storesEachObjectWithinThePeersMaximumLength() throws Exception {
        startScp();
        List<RetrievableObject> objects = List.of(object(UID.CTImageStorage, "1.2.3.1", 100_000),
                object(UID.CTImageStorage, "1.2.3.2", 10));
        AssociationPolicy policy = AssociationPolicy.builder().artimTimeout(Duration.ofSeconds(5)).build();
        try (StoreScu.Opened opened = StoreScu.open(group, new InetSocketAddress("127.0.0.1", server.port()), null,
                StoreScu.proposal("MB_FWD", "PACS", objects, policy), policy)) {
            assertThat(opened.association().peerMaxPduLength()).isEqualTo(4096);
            assertThat(opened.association().presentationContexts()).hasSize(1);
            for (RetrievableObject object : objects) {
                assertThat(StoreScu.store(opened, object, null, 0, Duration.ofSeconds(10))).isEqualTo(Status.SUCCESS);
            }
            RetrievableObject unproposed = object(UID.EnhancedCTImageStorage, "1.2.3.3", 10);
            assertThat(StoreScu.store(opened, unproposed, null, 0, Duration.ofSeconds(10)))
                    .isEqualTo(Status.SOP_CLASS_NOT_SUPPORTED);
        }
        for (RetrievableObject object : objects) {
            assertThat(received.get(object.sopInstanceUid())).isEqualTo(dataSet(object));
        }
    }

    @Test
    void aRejectedOrAbsentPeerIsNoAssociation() throws Exception {
        startScp();
        List<RetrievableObject> objects = List.of(object(UID.CTImageStorage, "1.2.3.9", 10));
        AssociationPolicy policy = AssociationPolicy.builder().artimTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> StoreScu.open(group, new InetSocketAddress("127.0.0.1", server.port()), null,
                StoreScu.proposal("MB_FWD", "NOT_PACS", objects, policy), policy))
                .isInstanceOf(StoreScu.AssociationFailedException.class).hasMessageContaining("rejected");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        assertThatThrownBy(() -> StoreScu.open(group, new InetSocketAddress("127.0.0.1", port), null,
                StoreScu.proposal("MB_FWD", "PACS", objects, policy), policy))
                .isInstanceOf(StoreScu.AssociationFailedException.class).hasMessageContaining("MB-0656");
    }
}
