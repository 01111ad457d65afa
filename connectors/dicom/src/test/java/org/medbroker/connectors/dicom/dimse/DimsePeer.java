package org.medbroker.connectors.dicom.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.medbroker.connectors.dicom.association.Association;
import org.medbroker.connectors.dicom.association.AssociationPolicy;
import org.medbroker.connectors.dicom.pdu.AssociateAc;
import org.medbroker.connectors.dicom.pdu.AssociateRq;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdu;
import org.medbroker.connectors.dicom.pdu.PduDecoder;
import org.medbroker.connectors.dicom.pdu.PduEncoder;
import org.medbroker.connectors.dicom.pdu.Pdv;
import org.medbroker.connectors.dicom.pdu.PresentationContextRq;
import org.medbroker.connectors.dicom.pdu.UserInformation;

/**
 * A requestor played by the test against services behind a real {@link Association} and
 * {@link DimseDispatcher} on an {@link EmbeddedChannel}: sends commands and data sets as P-DATA PDUs,
 * reads back what the services answered.
 */
public final class DimsePeer implements AutoCloseable {

    /** A message the acceptor sent, with its data set bytes (or null), or another PDU. */
    public record Sent(DimseMessage message, byte[] dataSet, Pdu pdu) {}

    public final EmbeddedChannel channel = new EmbeddedChannel(false, false);
    private final EmbeddedChannel decoder = new EmbeddedChannel(new PduDecoder(1 << 24, 1 << 20));
    private DimseMessage pendingCommand;
    private ByteArrayOutputStream pendingData;

    public DimsePeer(List<? extends DimseService> services, PresentationContextRq... contexts) {
        AssociationPolicy.Builder policy = AssociationPolicy.builder().calledAeTitle("SCP");
        for (DimseService s : services) {
            s.abstractSyntaxes().forEach(policy::abstractSyntax);
        }
        Association.acceptor(policy.build(), new DimseDispatcher(services)).install(channel.pipeline());
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        receive(new AssociateRq(1, "SCP", "PEER", AssociateRq.DICOM_APPLICATION_CONTEXT, List.of(contexts),
                UserInformation.of(0, "1.2", null)));
        Sent ac = next();
        if (!(ac.pdu() instanceof AssociateAc)) {
            throw new IllegalStateException("not accepted: " + ac);
        }
    }

    public void receive(Pdu pdu) {
        channel.writeInbound(PduEncoder.encode(channel.alloc(), pdu));
    }

    public void command(int pcid, DimseMessage message) {
        receive(PDataTf.of(new Pdv(pcid, true, true, Unpooled.wrappedBuffer(Commands.encode(message)))));
    }

    /** The data set in fragments of {@code fragment} bytes, the last marked; {@code complete} false leaves it unfinished. */
    public void dataSet(int pcid, byte[] bytes, int fragment, boolean complete) {
        for (int at = 0; at < bytes.length; at += fragment) {
            int n = Math.min(fragment, bytes.length - at);
            boolean last = complete && at + n == bytes.length;
            receive(PDataTf.of(new Pdv(pcid, false, last, Unpooled.wrappedBuffer(bytes, at, n))));
        }
    }

    /** The next complete message or PDU the acceptor sent, null if none (yet). */
    public Sent next() {
        while (true) {
            channel.runPendingTasks();
            ByteBuf out = channel.readOutbound();
            if (out == null) {
                return null;
            }
            decoder.writeInbound(out);
            Object pdu = decoder.readInbound();
            if (!(pdu instanceof PDataTf tf)) {
                return new Sent(null, null, (Pdu) pdu);
            }
            try {
                for (Pdv pdv : tf.pdvs()) {
                    if (pdv.command()) {
                        pendingCommand = Commands.decode(ByteBufUtil.getBytes(pdv.data()));
                        if (!pendingCommand.hasDataSet()) {
                            DimseMessage m = pendingCommand;
                            pendingCommand = null;
                            return new Sent(m, null, null);
                        }
                        pendingData = new ByteArrayOutputStream();
                    } else {
                        pendingData.writeBytes(ByteBufUtil.getBytes(pdv.data()));
                        if (pdv.last()) {
                            Sent s = new Sent(pendingCommand, pendingData.toByteArray(), null);
                            pendingCommand = null;
                            return s;
                        }
                    }
                }
            } catch (DimseException e) {
                throw new IllegalStateException(e);
            } finally {
                tf.release();
            }
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
