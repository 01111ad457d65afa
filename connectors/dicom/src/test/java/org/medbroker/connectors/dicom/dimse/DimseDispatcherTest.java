package org.medbroker.connectors.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.pdu.Abort;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.AsyncOperationsWindow;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdu;
import org.medbroker.connectors.dicom.pdu.PduDecoder;
import org.medbroker.connectors.dicom.pdu.PduEncoder;
import org.medbroker.connectors.dicom.pdu.Pdv;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.ReleaseRp;
import org.medbroker.connectors.dicom.pdu.ReleaseRq;
import org.medbroker.connectors.dicom.pdu.UserInformation;

class DimseDispatcherTest {

    static final String ECHO = "1.2.840.10008.1.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";

    /** Echoes at once; holds C-STORE requests until the test answers them; collects their data. */
    static final class TestService implements DimseService {
        final List<Operation> stores = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<Boolean> lastFlags = new ArrayList<>();
        boolean aborted;

        @Override
        public Map<String, List<String>> abstractSyntaxes() {
            return Map.of(ECHO, List.of(IMPLICIT_LE), CT, List.of(IMPLICIT_LE));
        }

        @Override
        public DataSetReceiver onRequest(Operation op) {
            if (op.request() instanceof DimseMessage.CEchoRq) {
                op.respond(Responses.of(op.request(), Status.SUCCESS, null));
                return null;
            }
            stores.add(op);
            return new DataSetReceiver() {
                @Override
                public void onFragment(ByteBuf fragment, boolean last) {
                    data.writeBytes(ByteBufUtil.getBytes(fragment));
                    lastFlags.add(last);
                }

                @Override
                public void onAbort() {
                    aborted = true;
                }
            };
        }
    }

    private final TestService service = new TestService();
    private EmbeddedChannel channel;
    private final EmbeddedChannel peer = new EmbeddedChannel(new PduDecoder(1 << 20, 1 << 20));

    private void associate(AsyncOperationsWindow window) throws Exception {
        AssociationPolicy policy = AssociationPolicy.builder().calledAeTitle("SCP")
                .abstractSyntax(ECHO, List.of(IMPLICIT_LE)).abstractSyntax(CT, List.of(IMPLICIT_LE))
                .asyncOperationsWindow(5, 5).build();
        channel = new EmbeddedChannel(false, false);
        Association.acceptor(policy, new DimseDispatcher(List.of(service))).install(channel.pipeline());
        channel.register();
        receive(new AssociateRq(1, "SCP", "SCU", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, ECHO, List.of(IMPLICIT_LE)),
                        new PresentationContextRq(3, CT, List.of(IMPLICIT_LE))),
                new UserInformation(0, "1.2", null, window, List.of(), List.of(), null, null)));
        assertThat(sent()).isInstanceOf(AssociateAc.class);
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        peer.finishAndReleaseAll();
    }

    private void receive(Pdu pdu) {
        channel.writeInbound(PduEncoder.encode(channel.alloc(), pdu));
    }

    private void receiveCommand(int pcid, DimseMessage message) {
        receive(PDataTf.of(new Pdv(pcid, true, true, Unpooled.wrappedBuffer(Commands.encode(message)))));
    }

    private Object sent() throws Exception {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        peer.writeInbound(out);
        Object pdu = peer.readInbound();
        if (pdu instanceof PDataTf tf) {
            try {
                return Commands.decode(ByteBufUtil.getBytes(tf.pdvs().get(0).data()));
            } finally {
                tf.release();
            }
        }
        return pdu;
    }

    @Test
    void answersCEcho() throws Exception {
        associate(null);
        receiveCommand(1, new DimseMessage.CEchoRq(5, ECHO));
        assertThat(sent()).isEqualTo(new DimseMessage.CEchoRsp(5, ECHO, Status.SUCCESS, null));
    }

    @Test
    void streamsTheDataSetToTheServicesReceiver() throws Exception {
        associate(null);
        receiveCommand(3, new DimseMessage.CStoreRq(9, CT, "1.2.3", 0, null, 0));
        receive(PDataTf.of(new Pdv(3, false, false, Unpooled.wrappedBuffer(new byte[] {1, 2}))));
        receive(PDataTf.of(new Pdv(3, false, true, Unpooled.wrappedBuffer(new byte[] {3}))));
        assertThat(service.data.toByteArray()).containsExactly(1, 2, 3);
        assertThat(service.lastFlags).containsExactly(false, true);
        assertThat(service.stores).hasSize(1);
    }

    @Test
    void answersReleaseOnlyAfterTheLastFinalResponse() throws Exception {
        associate(null);
        receiveCommand(3, new DimseMessage.CStoreRq(9, CT, "1.2.3", 0, null, 0));
        receive(PDataTf.of(new Pdv(3, false, true, Unpooled.wrappedBuffer(new byte[] {3}))));
        receive(ReleaseRq.INSTANCE);
        assertThat(sent()).isNull();
        Operation op = service.stores.get(0);
        op.respond(Responses.of(op.request(), Status.SUCCESS, null));
        assertThat(sent()).isEqualTo(new DimseMessage.CStoreRsp(9, CT, "1.2.3", Status.SUCCESS, null));
        assertThat(sent()).isEqualTo(ReleaseRp.INSTANCE);
    }

    @Test
    void forwardsCCancelToTheOperation() throws Exception {
        associate(null);
        receiveCommand(3, new DimseMessage.CStoreRq(9, CT, "1.2.3", 0, null, 0));
        receive(PDataTf.of(new Pdv(3, false, true, Unpooled.wrappedBuffer(new byte[] {3}))));
        receiveCommand(3, new DimseMessage.CCancelRq(9));
        assertThat(service.stores.get(0).isCancelled()).isTrue();
    }

    @Test
    void abortsBeyondTheAsynchronousOperationsWindow() throws Exception {
        associate(new AsyncOperationsWindow(2, 2));
        for (int id = 1; id <= 3; id++) {
            receiveCommand(3, new DimseMessage.CStoreRq(id, CT, "1.2." + id, 0, null, 0));
            receive(PDataTf.of(new Pdv(3, false, true, Unpooled.wrappedBuffer(new byte[] {3}))));
        }
        assertThat(service.stores).hasSize(2);
        assertThat(sent()).isEqualTo(Abort.byServiceUser());
    }

    @Test
    void abortsOnADataSetWithoutRequestAndTellsTheReceiverOnLoss() throws Exception {
        associate(null);
        receive(PDataTf.of(new Pdv(3, false, true, Unpooled.wrappedBuffer(new byte[] {3}))));
        assertThat(sent()).isEqualTo(Abort.byServiceUser());
        channel.close();

        service.aborted = false;
        associate(null);
        receiveCommand(3, new DimseMessage.CStoreRq(9, CT, "1.2.3", 0, null, 0));
        receive(PDataTf.of(new Pdv(3, false, false, Unpooled.wrappedBuffer(new byte[] {3}))));
        channel.close();
        assertThat(service.aborted).isTrue();
    }
}
