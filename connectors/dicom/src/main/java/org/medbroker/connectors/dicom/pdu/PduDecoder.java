package org.medbroker.connectors.dicom.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the byte stream into PDUs (PS3.8 9.3) and parses them into {@link Pdu} records.
 *
 * <p>Never throws on bad input: an unknown PDU type, an inconsistent item or a PDU longer than the
 * limit becomes a {@link MalformedPdu} event, its bytes are skipped to the next PDU boundary, and the
 * association layer answers with an A-ABORT. Limits are constructor arguments: {@code maxPDataLength}
 * for P-DATA-TF (what we announce as our Maximum Length), {@code maxOtherPduLength} for the rest
 * (an A-ASSOCIATE-RQ proposing a hundred contexts is easily 20 kB).
 *
 * <p>Buffers: {@link ByteToMessageDecoder} owns the cumulation. The PDVs of an emitted
 * {@link PDataTf} are retained slices of it, owned by the next inbound handler, which releases
 * them ({@link PDataTf#release()}). Every other emitted object holds no reference-counted buffer.
 */
public final class PduDecoder extends ByteToMessageDecoder {

    private final long maxPDataLength;
    private final long maxOtherPduLength;
    /** Bytes of an oversized or unrecognized PDU still to skip. */
    private long discarding;

    /** The largest limit a decoder takes: a PDU must fit one buffer. */
    public static final long MAX_LIMIT = Integer.MAX_VALUE - 16;

    public PduDecoder(long maxPDataLength, long maxOtherPduLength) {
        if (maxPDataLength < 0 || maxPDataLength > MAX_LIMIT || maxOtherPduLength < 0 || maxOtherPduLength > MAX_LIMIT) {
            throw new IllegalArgumentException("MB-0600: PDU limits must lie within 0.." + MAX_LIMIT);
        }
        this.maxPDataLength = maxPDataLength;
        this.maxOtherPduLength = maxOtherPduLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (discarding > 0) {
                int n = (int) Math.min(discarding, in.readableBytes());
                in.skipBytes(n);
                discarding -= n;
                continue;
            }
            if (in.readableBytes() < Pdu.HEADER_LENGTH) {
                return;
            }
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            long length = in.getUnsignedInt(start + 2);
            if (type < Pdu.TYPE_ASSOCIATE_RQ || type > Pdu.TYPE_ABORT) {
                in.skipBytes(Pdu.HEADER_LENGTH);
                discarding = length;
                out.add(new MalformedPdu(type, length, false, Abort.REASON_UNRECOGNIZED_PDU,
                        "unrecognized PDU type " + hex(type)));
                continue;
            }
            long limit = type == Pdu.TYPE_P_DATA_TF ? maxPDataLength : maxOtherPduLength;
            if (length > limit) {
                in.skipBytes(Pdu.HEADER_LENGTH);
                discarding = length;
                out.add(new MalformedPdu(type, length, true, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "PDU length " + length + " exceeds the limit of " + limit));
                continue;
            }
            if (in.readableBytes() < Pdu.HEADER_LENGTH + length) {
                return;
            }
            ByteBuf body = in.slice(start + Pdu.HEADER_LENGTH, (int) length);
            try {
                out.add(parse(type, body));
            } catch (PduFormatException e) {
                out.add(new MalformedPdu(type, length, false, e.abortReason(), e.getMessage()));
            } catch (IndexOutOfBoundsException e) {
                out.add(new MalformedPdu(type, length, false, Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "an item runs past the end of the PDU"));
            }
            in.readerIndex(start + Pdu.HEADER_LENGTH + (int) length);
        }
    }

    private static Pdu parse(int type, ByteBuf body) throws PduFormatException {
        return switch (type) {
            case Pdu.TYPE_ASSOCIATE_RQ -> parseAssociateRq(body);
            case Pdu.TYPE_ASSOCIATE_AC -> parseAssociateAc(body);
            case Pdu.TYPE_ASSOCIATE_RJ -> {
                fixedLength(body, 4);
                yield new AssociateRj(body.getUnsignedByte(1), body.getUnsignedByte(2), body.getUnsignedByte(3));
            }
            case Pdu.TYPE_P_DATA_TF -> parsePDataTf(body);
            case Pdu.TYPE_RELEASE_RQ -> {
                fixedLength(body, 4);
                yield ReleaseRq.INSTANCE;
            }
            case Pdu.TYPE_RELEASE_RP -> {
                fixedLength(body, 4);
                yield ReleaseRp.INSTANCE;
            }
            default -> {
                fixedLength(body, 4);
                yield new Abort(body.getUnsignedByte(2), body.getUnsignedByte(3));
            }
        };
    }

    private static void fixedLength(ByteBuf body, int expected) throws PduFormatException {
        if (body.readableBytes() != expected) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "PDU length " + body.readableBytes() + " where " + expected + " is required");
        }
    }

    private static PDataTf parsePDataTf(ByteBuf body) throws PduFormatException {
        List<int[]> items = new ArrayList<>();
        while (body.isReadable()) {
            if (body.readableBytes() < Pdv.OVERHEAD) {
                throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "truncated PDV item");
            }
            long itemLength = body.readUnsignedInt();
            if (itemLength < 2 || itemLength > body.readableBytes()) {
                throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "PDV item length " + itemLength + " does not fit the PDU");
            }
            int pcid = body.getUnsignedByte(body.readerIndex());
            if ((pcid & 1) == 0) {
                throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "PDV presentation context id " + pcid + " is even");
            }
            items.add(new int[] {body.readerIndex(), (int) itemLength});
            body.skipBytes((int) itemLength);
        }
        if (items.isEmpty()) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without PDV");
        }
        List<Pdv> pdvs = new ArrayList<>(items.size());
        for (int[] item : items) {
            int at = item[0];
            int mch = body.getUnsignedByte(at + 1);
            pdvs.add(new Pdv(body.getUnsignedByte(at), (mch & 1) != 0, (mch & 2) != 0,
                    body.retainedSlice(at + 2, item[1] - 2)));
        }
        return new PDataTf(pdvs);
    }

    private static AssociateRq parseAssociateRq(ByteBuf body) throws PduFormatException {
        Header header = header(body);
        String applicationContext = null;
        List<PresentationContextRq> contexts = new ArrayList<>();
        UserInformation userInformation = null;
        while (body.isReadable()) {
            int itemType = body.readUnsignedByte();
            ByteBuf value = itemValue(body);
            switch (itemType) {
                case 0x10 -> applicationContext = uid(value);
                case 0x20 -> contexts.add(presentationContextRq(value));
                case 0x50 -> userInformation = userInformation(value);
                default -> { } // PS3.8 9.3.1: items of unknown type are ignored
            }
        }
        if (applicationContext == null) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "no application context item");
        }
        return new AssociateRq(header.version, header.called, header.calling, applicationContext, contexts,
                userInformation != null ? userInformation : UserInformation.of(0, "", null));
    }

    private static AssociateAc parseAssociateAc(ByteBuf body) throws PduFormatException {
        Header header = header(body);
        String applicationContext = null;
        List<PresentationContextAc> contexts = new ArrayList<>();
        UserInformation userInformation = null;
        while (body.isReadable()) {
            int itemType = body.readUnsignedByte();
            ByteBuf value = itemValue(body);
            switch (itemType) {
                case 0x10 -> applicationContext = uid(value);
                case 0x21 -> contexts.add(presentationContextAc(value));
                case 0x50 -> userInformation = userInformation(value);
                default -> { }
            }
        }
        if (applicationContext == null) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "no application context item");
        }
        return new AssociateAc(header.version, header.called, header.calling, applicationContext, contexts,
                userInformation != null ? userInformation : UserInformation.of(0, "", null));
    }

    private record Header(int version, String called, String calling) {}

    private static Header header(ByteBuf body) throws PduFormatException {
        if (body.readableBytes() < 68) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE PDU shorter than 68 bytes");
        }
        int version = body.readUnsignedShort();
        body.skipBytes(2);
        String called = ascii(body.readSlice(16)).strip();
        String calling = ascii(body.readSlice(16)).strip();
        body.skipBytes(32);
        return new Header(version, called, calling);
    }

    /** Reads the reserved byte and the 2-byte length of an item whose type was read, returns its value. */
    private static ByteBuf itemValue(ByteBuf body) throws PduFormatException {
        if (body.readableBytes() < 3) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "truncated item header");
        }
        body.skipBytes(1);
        int length = body.readUnsignedShort();
        if (length > body.readableBytes()) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "item length " + length + " runs past its enclosing item");
        }
        return body.readSlice(length);
    }

    private static PresentationContextRq presentationContextRq(ByteBuf value) throws PduFormatException {
        int id = value.readUnsignedByte();
        value.skipBytes(3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (value.isReadable()) {
            int subType = value.readUnsignedByte();
            ByteBuf sub = itemValue(value);
            switch (subType) {
                case 0x30 -> {
                    if (abstractSyntax != null) {
                        throw new PduFormatException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                                "presentation context " + id + " has two abstract syntaxes");
                    }
                    abstractSyntax = uid(sub);
                }
                case 0x40 -> transferSyntaxes.add(uid(sub));
                default -> throw new PduFormatException(Abort.REASON_UNRECOGNIZED_PDU_PARAMETER,
                        "presentation context " + id + " has a sub-item of type " + hex(subType));
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "presentation context " + id + " lacks its abstract syntax or transfer syntaxes");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAc presentationContextAc(ByteBuf value) throws PduFormatException {
        int id = value.readUnsignedByte();
        value.skipBytes(1);
        int result = value.readUnsignedByte();
        value.skipBytes(1);
        String transferSyntax = "";
        while (value.isReadable()) {
            int subType = value.readUnsignedByte();
            ByteBuf sub = itemValue(value);
            if (subType != 0x40) {
                throw new PduFormatException(Abort.REASON_UNRECOGNIZED_PDU_PARAMETER,
                        "accepted presentation context " + id + " has a sub-item of type " + hex(subType));
            }
            transferSyntax = uid(sub);
        }
        if (result > PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED) {
            throw new PduFormatException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "presentation context " + id + " has result " + result);
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    private static UserInformation userInformation(ByteBuf value) throws PduFormatException {
        long maxLength = 0;
        String implementationClassUid = "";
        String implementationVersionName = null;
        AsyncOperationsWindow window = null;
        List<RoleSelection> roles = new ArrayList<>();
        List<ExtendedNegotiation> extended = new ArrayList<>();
        UserIdentityRq identityRq = null;
        UserIdentityAc identityAc = null;
        while (value.isReadable()) {
            int subType = value.readUnsignedByte();
            ByteBuf sub = itemValue(value);
            switch (subType) {
                case 0x51 -> {
                    fixedLength(sub, 4);
                    maxLength = sub.readUnsignedInt();
                }
                case 0x52 -> implementationClassUid = uid(sub);
                case 0x53 -> {
                    fixedLength(sub, 4);
                    window = new AsyncOperationsWindow(sub.readUnsignedShort(), sub.readUnsignedShort());
                }
                case 0x54 -> {
                    String uid = uid(sub.readSlice(sub.readUnsignedShort()));
                    roles.add(new RoleSelection(uid, sub.readUnsignedByte() == 1, sub.readUnsignedByte() == 1));
                }
                case 0x55 -> implementationVersionName = ascii(sub).strip();
                case 0x56 -> {
                    String uid = uid(sub.readSlice(sub.readUnsignedShort()));
                    extended.add(new ExtendedNegotiation(uid, bytes(sub)));
                }
                case 0x58 -> {
                    int type = sub.readUnsignedByte();
                    boolean positive = sub.readUnsignedByte() == 1;
                    byte[] primary = bytes(sub.readSlice(sub.readUnsignedShort()));
                    byte[] secondary = bytes(sub.readSlice(sub.readUnsignedShort()));
                    identityRq = new UserIdentityRq(type, positive, primary, secondary);
                }
                case 0x59 -> identityAc = new UserIdentityAc(bytes(sub.readSlice(sub.readUnsignedShort())));
                default -> { } // 57H common extended negotiation and future sub-items: not used, ignored
            }
        }
        return new UserInformation(maxLength, implementationClassUid, implementationVersionName, window, roles,
                extended, identityRq, identityAc);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    private static String ascii(ByteBuf buf) {
        return buf.toString(StandardCharsets.US_ASCII);
    }

    /** UIDs may come padded with a NUL (PS3.8 annex F) or, from careless senders, spaces. */
    private static String uid(ByteBuf buf) {
        String s = ascii(buf);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    private static String hex(int b) {
        return String.format("%02XH", b);
    }
}
