package org.medbroker.connectors.dicom.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes {@link Pdu} records in their PS3.8 9.3 layout. Stateless, shared.
 *
 * <p>Buffers: a {@link PDataTf}'s PDV fragments are not copied: they become components of the
 * composite buffer written out, so their ownership passes to the channel, which releases them once
 * written (or failed). Every other PDU is written into a fresh buffer the channel releases.
 */
@Sharable
public final class PduEncoder extends MessageToMessageEncoder<Pdu> {

    public static final PduEncoder INSTANCE = new PduEncoder();

    private PduEncoder() {
        super(Pdu.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, List<Object> out) {
        out.add(encode(ctx.alloc(), pdu));
    }

    /** The PDU's bytes; for a P-DATA-TF the result owns its fragments. */
    public static ByteBuf encode(ByteBufAllocator alloc, Pdu pdu) {
        if (pdu instanceof AssociateRq rq) {
            return associate(alloc, Pdu.TYPE_ASSOCIATE_RQ, rq.protocolVersion(), rq.calledAeTitle(),
                    rq.callingAeTitle(), rq.applicationContext(), buf -> {
                        for (PresentationContextRq pc : rq.presentationContexts()) {
                            int at = beginItem(buf, 0x20);
                            buf.writeByte(pc.id()).writeZero(3);
                            uidItem(buf, 0x30, pc.abstractSyntax());
                            for (String ts : pc.transferSyntaxes()) {
                                uidItem(buf, 0x40, ts);
                            }
                            endItem(buf, at);
                        }
                    }, rq.userInformation());
        }
        if (pdu instanceof AssociateAc ac) {
            return associate(alloc, Pdu.TYPE_ASSOCIATE_AC, ac.protocolVersion(), ac.calledAeTitle(),
                    ac.callingAeTitle(), ac.applicationContext(), buf -> {
                        for (PresentationContextAc pc : ac.presentationContexts()) {
                            int at = beginItem(buf, 0x21);
                            buf.writeByte(pc.id()).writeByte(0).writeByte(pc.result()).writeByte(0);
                            uidItem(buf, 0x40, pc.transferSyntax());
                            endItem(buf, at);
                        }
                    }, ac.userInformation());
        }
        if (pdu instanceof AssociateRj rj) {
            return fixed(alloc, Pdu.TYPE_ASSOCIATE_RJ, 0, rj.result(), rj.source(), rj.reason());
        }
        if (pdu instanceof PDataTf tf) {
            return pData(alloc, tf);
        }
        if (pdu instanceof ReleaseRq) {
            return fixed(alloc, Pdu.TYPE_RELEASE_RQ, 0, 0, 0, 0);
        }
        if (pdu instanceof ReleaseRp) {
            return fixed(alloc, Pdu.TYPE_RELEASE_RP, 0, 0, 0, 0);
        }
        Abort abort = (Abort) pdu;
        return fixed(alloc, Pdu.TYPE_ABORT, 0, 0, abort.source(), abort.reason());
    }

    private static ByteBuf fixed(ByteBufAllocator alloc, int type, int b0, int b1, int b2, int b3) {
        return alloc.buffer(10).writeByte(type).writeByte(0).writeInt(4)
                .writeByte(b0).writeByte(b1).writeByte(b2).writeByte(b3);
    }

    private static ByteBuf pData(ByteBufAllocator alloc, PDataTf tf) {
        List<Pdv> pdvs = tf.pdvs();
        CompositeByteBuf composite = alloc.compositeBuffer(pdvs.size() * 2 + 1);
        long length = tf.length();
        ByteBuf header = alloc.buffer(Pdu.HEADER_LENGTH).writeByte(Pdu.TYPE_P_DATA_TF).writeByte(0)
                .writeInt((int) length);
        composite.addComponent(true, header);
        for (Pdv pdv : pdvs) {
            ByteBuf item = alloc.buffer(Pdv.OVERHEAD).writeInt(pdv.data().readableBytes() + 2)
                    .writeByte(pdv.presentationContextId()).writeByte(pdv.messageControlHeader());
            composite.addComponent(true, item);
            composite.addComponent(true, pdv.data());
        }
        return composite;
    }

    private interface Items {
        void write(ByteBuf buf);
    }

    private static ByteBuf associate(ByteBufAllocator alloc, int type, int version, String called, String calling,
            String applicationContext, Items presentationContexts, UserInformation info) {
        ByteBuf buf = alloc.heapBuffer(512);
        buf.writeByte(type).writeByte(0).writeInt(0);
        buf.writeShort(version).writeZero(2);
        aeTitle(buf, called);
        aeTitle(buf, calling);
        buf.writeZero(32);
        uidItem(buf, 0x10, applicationContext);
        presentationContexts.write(buf);
        userInformation(buf, info);
        buf.setInt(2, buf.writerIndex() - Pdu.HEADER_LENGTH);
        return buf;
    }

    private static void userInformation(ByteBuf buf, UserInformation info) {
        int at = beginItem(buf, 0x50);
        buf.writeByte(0x51).writeByte(0).writeShort(4).writeInt((int) info.maxLength());
        uidItem(buf, 0x52, info.implementationClassUid());
        if (info.asyncOperationsWindow() != null) {
            buf.writeByte(0x53).writeByte(0).writeShort(4)
                    .writeShort(info.asyncOperationsWindow().maxOperationsInvoked())
                    .writeShort(info.asyncOperationsWindow().maxOperationsPerformed());
        }
        for (RoleSelection role : info.roleSelections()) {
            int sub = beginItem(buf, 0x54);
            byte[] uid = role.sopClassUid().getBytes(StandardCharsets.US_ASCII);
            buf.writeShort(uid.length).writeBytes(uid).writeByte(role.scuRole() ? 1 : 0).writeByte(role.scpRole() ? 1 : 0);
            endItem(buf, sub);
        }
        if (info.implementationVersionName() != null) {
            uidItem(buf, 0x55, info.implementationVersionName());
        }
        for (ExtendedNegotiation ext : info.extendedNegotiations()) {
            int sub = beginItem(buf, 0x56);
            byte[] uid = ext.sopClassUid().getBytes(StandardCharsets.US_ASCII);
            buf.writeShort(uid.length).writeBytes(uid).writeBytes(ext.applicationInformation());
            endItem(buf, sub);
        }
        if (info.userIdentityRq() != null) {
            UserIdentityRq id = info.userIdentityRq();
            int sub = beginItem(buf, 0x58);
            byte[] primary = id.primaryField();
            byte[] secondary = id.secondaryField();
            buf.writeByte(id.type()).writeByte(id.positiveResponseRequested() ? 1 : 0)
                    .writeShort(primary.length).writeBytes(primary).writeShort(secondary.length).writeBytes(secondary);
            endItem(buf, sub);
        }
        if (info.userIdentityAc() != null) {
            byte[] response = info.userIdentityAc().serverResponse();
            int sub = beginItem(buf, 0x59);
            buf.writeShort(response.length).writeBytes(response);
            endItem(buf, sub);
        }
        endItem(buf, at);
    }

    private static void aeTitle(ByteBuf buf, String aeTitle) {
        byte[] bytes = aeTitle.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(bytes.length, 16);
        buf.writeBytes(bytes, 0, n);
        for (int i = n; i < 16; i++) {
            buf.writeByte(' ');
        }
    }

    private static void uidItem(ByteBuf buf, int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        buf.writeByte(type).writeByte(0).writeShort(bytes.length).writeBytes(bytes);
    }

    private static int beginItem(ByteBuf buf, int type) {
        buf.writeByte(type).writeByte(0).writeShort(0);
        return buf.writerIndex();
    }

    private static void endItem(ByteBuf buf, int valueStart) {
        buf.setShort(valueStart - 2, buf.writerIndex() - valueStart);
    }
}
