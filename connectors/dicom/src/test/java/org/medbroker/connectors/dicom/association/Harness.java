package org.medbroker.connectors.dicom.association;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdu;
import org.medbroker.connectors.dicom.pdu.PduDecoder;
import org.medbroker.connectors.dicom.pdu.PduEncoder;
import org.medbroker.connectors.dicom.pdu.Pdv;

/** An association on an {@link EmbeddedChannel}, fed and read as encoded PDUs, as a peer would. */
class Harness implements AutoCloseable {

    /** A PDV as sent, copied out of its buffer. */
    record SentPdv(int pcid, boolean command, boolean last, byte[] data) {}

    final RecordingListener listener = new RecordingListener();
    final Association association;
    final EmbeddedChannel channel = new EmbeddedChannel(false, false);
    private final EmbeddedChannel peer = new EmbeddedChannel(new PduDecoder(PduDecoder.MAX_LIMIT, 1 << 20));

    private Harness(Association association) {
        this.association = association;
        association.install(channel.pipeline());
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Harness acceptor(AssociationPolicy policy) {
        RecordingListener[] holder = new RecordingListener[1];
        Harness h = new Harness(Association.acceptor(policy, new Forward(holder)));
        holder[0] = h.listener;
        return h;
    }

    static Harness requestor(org.medbroker.connectors.dicom.pdu.AssociateRq rq, AssociationPolicy policy) {
        RecordingListener[] holder = new RecordingListener[1];
        Harness h = new Harness(Association.requestor(rq, policy, new Forward(holder)));
        holder[0] = h.listener;
        return h;
    }

    void receive(Pdu pdu) {
        channel.writeInbound(PduEncoder.encode(channel.alloc(), pdu));
        channel.checkException();
    }

    void receiveBytes(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.checkException();
    }

    /** The next PDU sent, decoded; P-DATA-TF come back as lists of {@link SentPdv}. */
    Object sent() {
        channel.runPendingTasks();
        ByteBuf out = channel.readOutbound();
        if (out == null) {
            return null;
        }
        peer.writeInbound(out);
        Object pdu = peer.readInbound();
        if (pdu instanceof PDataTf tf) {
            try {
                List<SentPdv> pdvs = new ArrayList<>();
                for (Pdv pdv : tf.pdvs()) {
                    pdvs.add(new SentPdv(pdv.presentationContextId(), pdv.command(), pdv.last(),
                            ByteBufUtil.getBytes(pdv.data())));
                }
                return pdvs;
            } finally {
                tf.release();
            }
        }
        return pdu;
    }

    List<Object> allSent() {
        List<Object> all = new ArrayList<>();
        Object o;
        while ((o = sent()) != null) {
            all.add(o);
        }
        return all;
    }

    State state() {
        return association.state();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        peer.finishAndReleaseAll();
    }

    /** Lets the harness build the association before its listener exists. */
    private record Forward(RecordingListener[] to) implements AssociationListener {
        @Override
        public void onEstablished(Association a) {
            to[0].onEstablished(a);
        }

        @Override
        public void onCommand(Association a, int pcid, ByteBuf command) {
            to[0].onCommand(a, pcid, command);
        }

        @Override
        public void onDataFragment(Association a, int pcid, ByteBuf fragment, boolean last) {
            to[0].onDataFragment(a, pcid, fragment, last);
        }

        @Override
        public void onReleaseRequested(Association a) {
            to[0].onReleaseRequested(a);
        }

        @Override
        public void onClosed(Association a, Termination termination) {
            to[0].onClosed(a, termination);
        }
    }
}
