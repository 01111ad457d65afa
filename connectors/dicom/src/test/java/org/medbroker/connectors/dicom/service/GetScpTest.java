package org.medbroker.connectors.dicom.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.association.OutboundData;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.dimse.Commands;
import org.medbroker.connectors.dicom.dimse.DataSetReceiver;
import org.medbroker.connectors.dicom.dimse.DimseDispatcher;
import org.medbroker.connectors.dicom.dimse.DimseMessage;
import org.medbroker.connectors.dicom.dimse.DimseService;
import org.medbroker.connectors.dicom.dimse.Operation;
import org.medbroker.connectors.dicom.dimse.Responses;
import org.medbroker.connectors.dicom.dimse.Status;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.RoleSelection;
import org.medbroker.connectors.dicom.pdu.UserInformation;

/** C-GET over loopback: our own requestor plays the retrieving side, with a storage service of its own. */
class GetScpTest {

    static final String SC = UID.SecondaryCaptureImageStorage;
    static final String GET = UID.StudyRootQueryRetrieveInformationModelGet;

    @TempDir
    Path dir;

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private DicomServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        workers.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What the retrieving side stores: the data sets it received, answering with {@code status}. */
    static final class Receiving implements DimseService {
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        volatile int status = Status.SUCCESS;
        volatile Runnable afterFirst = () -> { };

        @Override
        public Map<String, List<String>> abstractSyntaxes() {
            return Map.of(SC, List.of(UID.ExplicitVRLittleEndian));
        }

        @Override
        public DataSetReceiver onRequest(Operation op) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new DataSetReceiver() {
                @Override
                public void onFragment(ByteBuf fragment, boolean last) {
                    bytes.writeBytes(ByteBufUtil.getBytes(fragment));
                    if (last) {
                        received.add(bytes.toByteArray());
                        op.respond(Responses.of(op.request(), status, null));
                        if (received.size() == 1) {
                            afterFirst.run();
                        }
                    }
                }

                @Override
                public void onAbort() {
                }
            };
        }
    }

    private InMemoryRetrieveProvider objects(int n) throws Exception {
        InMemoryRetrieveProvider provider = new InMemoryRetrieveProvider();
        for (int i = 1; i <= n; i++) {
            Attributes ds = new Attributes();
            ds.setString(Tag.SOPClassUID, VR.UI, SC);
            ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3." + i);
            ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
            byte[] header = new byte[40];
            byte[] data = DicomOutputStream.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                    DicomOutputStream.Options.DEFAULT);
            Path file = dir.resolve(i + ".dcm");
            Files.write(file, header);
            Files.write(file, data, java.nio.file.StandardOpenOption.APPEND);
            provider.add(ds, new RetrievableObject(file, header.length, SC, "1.2.3." + i, UID.ExplicitVRLittleEndian));
        }
        return provider;
    }

    private DimseDispatcher connect(Receiving receiving) throws Exception {
        DimseDispatcher dimse = new DimseDispatcher(List.of(receiving));
        AssociateRq rq = new AssociateRq(1, "MEDBROKER", "GETSCU", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, GET, List.of(UID.ExplicitVRLittleEndian)),
                        new PresentationContextRq(3, SC, List.of(UID.ExplicitVRLittleEndian))),
                new UserInformation(16384, "1.2.3", null, null, List.of(new RoleSelection(SC, false, true)),
                        List.of(), null, null));
        Association association = Association.requestor(rq, AssociationPolicy.builder().build(), dimse);
        new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                association.install(ch.pipeline());
            }
        }).connect(server.localAddress()).sync();
        dimse.established().get(5, TimeUnit.SECONDS);
        return dimse;
    }

    private DimseMessage.CGetRsp get(DimseDispatcher dimse, int messageId) throws Exception {
        Attributes q = new Attributes().setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY")
                .setString(Tag.StudyInstanceUID, VR.UI, "1.2.3");
        byte[] identifier = DicomOutputStream.encode(q, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                DicomOutputStream.Options.DEFAULT);
        return (DimseMessage.CGetRsp) dimse.invoke(1, new DimseMessage.CGetRq(messageId, GET, 0),
                OutboundData.of(Unpooled.wrappedBuffer(identifier))).get(10, TimeUnit.SECONDS);
    }

    private void start(RetrieveProvider provider) throws Exception {
        server = DicomServer.builder().bind("127.0.0.1", 0)
                .policy(AssociationPolicy.builder().calledAeTitle("MEDBROKER"))
                .service(new GetScp(provider, workers, 4096, Duration.ofSeconds(5))).start();
    }

    @Test
    void sendsEveryObjectAsASubOperationAndCountsThem() throws Exception {
        start(objects(3));
        Receiving receiving = new Receiving();
        DimseMessage.CGetRsp rsp = get(connect(receiving), 1);
        assertThat(rsp.status()).isEqualTo(Status.SUCCESS);
        assertThat(rsp.subOperations()).isEqualTo(new DimseMessage.SubOperations(-1, 3, 0, 0));
        assertThat(receiving.received).hasSize(3);
        byte[] file = Files.readAllBytes(dir.resolve("1.dcm"));
        assertThat(receiving.received.get(0)).isEqualTo(java.util.Arrays.copyOfRange(file, 40, file.length));
    }

    @Test
    void countsFailedSubOperations() throws Exception {
        start(objects(2));
        Receiving receiving = new Receiving();
        receiving.status = Status.OUT_OF_RESOURCES;
        DimseMessage.CGetRsp rsp = get(connect(receiving), 1);
        assertThat(rsp.status()).isEqualTo(Status.UNABLE_TO_PERFORM_SUB_OPERATIONS);
        assertThat(rsp.subOperations()).isEqualTo(new DimseMessage.SubOperations(-1, 0, 2, 0));
    }

    @Test
    void stopsOnCCancelWithTheRemainingCount() throws Exception {
        start(objects(5));
        Receiving receiving = new Receiving();
        DimseDispatcher dimse = connect(receiving);
        Association association = dimse.established().get();
        receiving.afterFirst = () -> association.send(1,
                Unpooled.wrappedBuffer(Commands.encode(new DimseMessage.CCancelRq(9))), null);
        DimseMessage.CGetRsp rsp = get(dimse, 9);
        assertThat(rsp.status()).isEqualTo(Status.CANCEL);
        assertThat(rsp.subOperations().remaining()).isPositive();
        assertThat(receiving.received.size()).isLessThan(5);
    }
}
