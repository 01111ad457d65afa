package org.medbroker.connectors.dicom.pdu;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PduCodecTest {

    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    private final EmbeddedChannel channel = new EmbeddedChannel(new PduDecoder(16384, 65536), PduEncoder.INSTANCE);

    @AfterEach
    void finish() {
        Object o;
        while ((o = channel.readInbound()) != null) {
            if (o instanceof PDataTf tf) {
                tf.release();
            }
        }
        channel.finishAndReleaseAll();
    }

    static AssociateRq fullRq() {
        UserInformation info = new UserInformation(16384, "1.2.3.4.5", "MEDBROKER_01",
                new AsyncOperationsWindow(3, 1),
                List.of(new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, false)),
                List.of(new ExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", new byte[] {1, 1, 0})),
                new UserIdentityRq(UserIdentityRq.USERNAME_AND_PASSCODE, true,
                        "alice".getBytes(StandardCharsets.UTF_8), "secret".getBytes(StandardCharsets.UTF_8)),
                null);
        return new AssociateRq(1, "STORESCP", "MODALITY1", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LE)),
                        new PresentationContextRq(3, "1.2.840.10008.5.1.4.1.1.2", List.of(EXPLICIT_LE, IMPLICIT_LE))),
                info);
    }

    private Object roundTrip(Pdu pdu) {
        assertThat(channel.writeOutbound(pdu)).isTrue();
        ByteBuf encoded = channel.readOutbound();
        channel.writeInbound(encoded);
        Object decoded = channel.readInbound();
        assertThat(channel.<Object>readInbound()).isNull();
        return decoded;
    }

    @Test
    void roundTripsAssociateRqWithEverySubItem() {
        AssociateRq rq = fullRq();
        assertThat(roundTrip(rq)).isEqualTo(rq);
    }

    @Test
    void roundTripsAssociateAcWithUserIdentityResponse() {
        AssociateAc ac = new AssociateAc(1, "STORESCP", "MODALITY1", AssociateRq.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, 0, IMPLICIT_LE),
                        new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, "")),
                new UserInformation(32768, "1.2.3", null, null,
                        List.of(new RoleSelection("1.2.840.10008.5.1.4.1.1.2", false, true)), List.of(), null,
                        new UserIdentityAc(new byte[] {'o', 'k'})));
        assertThat(roundTrip(ac)).isEqualTo(ac);
    }

    @Test
    void roundTripsFixedLengthPdus() {
        assertThat(roundTrip(new AssociateRj(1, 1, 7))).isEqualTo(new AssociateRj(1, 1, 7));
        assertThat(roundTrip(ReleaseRq.INSTANCE)).isEqualTo(ReleaseRq.INSTANCE);
        assertThat(roundTrip(ReleaseRp.INSTANCE)).isEqualTo(ReleaseRp.INSTANCE);
        assertThat(roundTrip(new Abort(2, 6))).isEqualTo(new Abort(2, 6));
    }

    @Test
    void roundTripsPDataTfWithTwoPdvsWithoutLeaking() {
        PDataTf tf = new PDataTf(List.of(
                new Pdv(1, true, true, Unpooled.copiedBuffer(new byte[] {1, 2, 3, 4})),
                new Pdv(1, false, false, Unpooled.copiedBuffer(new byte[] {9, 8}))));
        PDataTf decoded = (PDataTf) roundTrip(tf);
        try {
            assertThat(decoded.pdvs()).hasSize(2);
            Pdv first = decoded.pdvs().get(0);
            assertThat(first.presentationContextId()).isEqualTo(1);
            assertThat(first.command()).isTrue();
            assertThat(first.last()).isTrue();
            assertThat(ByteBufUtil.getBytes(first.data())).containsExactly(1, 2, 3, 4);
            Pdv second = decoded.pdvs().get(1);
            assertThat(second.command()).isFalse();
            assertThat(second.last()).isFalse();
            assertThat(ByteBufUtil.getBytes(second.data())).containsExactly(9, 8);
        } finally {
            decoded.release();
        }
    }

    @Test
    void decodesFixedPdusWrittenFromTheStandardsLayout() {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("03 00 00000004 00 01 01 07")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("05 00 00000004 00000000")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("06 00 00000004 00000000")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("07 00 00000004 00 00 02 02")));
        assertThat(channel.<Object>readInbound()).isEqualTo(new AssociateRj(1, 1, 7));
        assertThat(channel.<Object>readInbound()).isEqualTo(ReleaseRq.INSTANCE);
        assertThat(channel.<Object>readInbound()).isEqualTo(ReleaseRp.INSTANCE);
        assertThat(channel.<Object>readInbound()).isEqualTo(new Abort(2, 2));
    }

    @Test
    void encodesFixedPdusInTheStandardsLayout() {
        channel.writeOutbound(new AssociateRj(2, 3, 1), new Abort(0, 0));
        assertThat(hexOut()).isEqualTo("030000000004 00020301".replace(" ", ""));
        assertThat(hexOut()).isEqualTo("070000000004 00000000".replace(" ", ""));
    }

    @Test
    void decodesPDataTfWrittenFromTheStandardsLayout() {
        // one PDV: item length 6 = pcid + control header + 4 bytes; control header 03 = command, last
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("04 00 0000000A  00000006 05 03 CAFEBABE")));
        PDataTf tf = channel.readInbound();
        try {
            Pdv pdv = tf.pdvs().get(0);
            assertThat(pdv.presentationContextId()).isEqualTo(5);
            assertThat(pdv.command()).isTrue();
            assertThat(pdv.last()).isTrue();
            assertThat(ByteBufUtil.hexDump(pdv.data())).isEqualTo("cafebabe");
        } finally {
            tf.release();
        }
    }

    /** A minimal A-ASSOCIATE-RQ laid out byte by byte after PS3.8 9.3.2. */
    static String handWrittenRq() {
        String called = ascii("ANY-SCP         ");
        String calling = ascii("ECHOSCU         ");
        String appContext = "10 00 0015 " + ascii("1.2.840.10008.3.1.1.1");
        String abstractSyntax = "30 00 0011 " + ascii("1.2.840.10008.1.1");
        String transferSyntax = "40 00 0012 " + ascii("1.2.840.10008.1.2") + "00";
        String pc = "20 00 002F 01 000000 " + abstractSyntax + transferSyntax;
        String userInfo = "50 00 000F 51 00 0004 00004000 52 00 0003 " + ascii("1.2");
        String variable = "0001 0000 " + called + calling + "00".repeat(32) + appContext + pc + userInfo;
        int length = bytes(variable).length;
        return "01 00 " + String.format("%08X", length) + variable;
    }

    @Test
    void decodesAssociateRqWrittenFromTheStandardsLayout() {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(handWrittenRq())));
        AssociateRq rq = channel.readInbound();
        assertThat(rq.protocolVersion()).isEqualTo(1);
        assertThat(rq.calledAeTitle()).isEqualTo("ANY-SCP");
        assertThat(rq.callingAeTitle()).isEqualTo("ECHOSCU");
        assertThat(rq.applicationContext()).isEqualTo(AssociateRq.DICOM_APPLICATION_CONTEXT);
        assertThat(rq.presentationContexts()).containsExactly(
                new PresentationContextRq(1, VERIFICATION, List.of(IMPLICIT_LE)));
        assertThat(rq.userInformation().maxLength()).isEqualTo(16384);
        assertThat(rq.userInformation().implementationClassUid()).isEqualTo("1.2");
    }

    @Test
    void decodesTheSamePduSplitAtEveryByteBoundary() {
        byte[] whole = bytes(handWrittenRq());
        AssociateRq expected;
        channel.writeInbound(Unpooled.wrappedBuffer(whole));
        expected = channel.readInbound();
        for (int split = 1; split < whole.length; split++) {
            channel.writeInbound(Unpooled.wrappedBuffer(whole, 0, split));
            assertThat(channel.<Object>readInbound()).isNull();
            channel.writeInbound(Unpooled.wrappedBuffer(whole, split, whole.length - split));
            assertThat(channel.<Object>readInbound()).as("split at %d", split).isEqualTo(expected);
        }
    }

    @Test
    void everyFlippedBitGivesAPduOrAMalformedEventAndNeverAnException() {
        byte[] whole = bytes(handWrittenRq());
        for (int bit = 0; bit < whole.length * 8; bit++) {
            EmbeddedChannel fresh = new EmbeddedChannel(new PduDecoder(16384, 65536));
            byte[] flipped = whole.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            fresh.writeInbound(Unpooled.wrappedBuffer(flipped));
            fresh.checkException();
            List<Object> out = new ArrayList<>();
            Object o;
            while ((o = fresh.readInbound()) != null) {
                out.add(o);
            }
            assertThat(out).allMatch(x -> x instanceof Pdu || x instanceof MalformedPdu);
            fresh.finishAndReleaseAll();
        }
    }

    @Test
    void reportsATruncatedItemAndRecovers() {
        // the application context item claims 0xFF bytes inside a PDU of 74
        String variable = "0001 0000 " + "20".repeat(32) + "00".repeat(32) + "10 00 00FF 31 32";
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("01 00 " + String.format("%08X", bytes(variable).length) + variable)));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("05 00 00000004 00000000")));
        MalformedPdu malformed = channel.readInbound();
        assertThat(malformed.type()).isEqualTo(1);
        assertThat(malformed.oversized()).isFalse();
        assertThat(malformed.abortReason()).isEqualTo(Abort.REASON_INVALID_PDU_PARAMETER_VALUE);
        assertThat(channel.<Object>readInbound()).isEqualTo(ReleaseRq.INSTANCE);
    }

    @Test
    void reportsAnUnrecognizedPduTypeAndSkipsIt() {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("09 00 00000003 010203 06 00 00000004 00000000")));
        MalformedPdu malformed = channel.readInbound();
        assertThat(malformed.type()).isEqualTo(9);
        assertThat(malformed.abortReason()).isEqualTo(Abort.REASON_UNRECOGNIZED_PDU);
        assertThat(channel.<Object>readInbound()).isEqualTo(ReleaseRp.INSTANCE);
    }

    @Test
    void reportsAnOversizedPDataTfAtOnceThenDiscardsItAndRecovers() {
        EmbeddedChannel small = new EmbeddedChannel(new PduDecoder(100, 65536));
        small.writeInbound(Unpooled.wrappedBuffer(bytes("04 00 00000400")));
        MalformedPdu malformed = small.readInbound();
        assertThat(malformed.oversized()).isTrue();
        assertThat(malformed.length()).isEqualTo(1024);
        small.writeInbound(Unpooled.wrappedBuffer(new byte[1000]));
        small.writeInbound(Unpooled.wrappedBuffer(new byte[24]));
        assertThat(small.<Object>readInbound()).isNull();
        small.writeInbound(Unpooled.wrappedBuffer(bytes("06 00 00000004 00000000")));
        assertThat(small.<Object>readInbound()).isEqualTo(ReleaseRp.INSTANCE);
        assertThat(small.finishAndReleaseAll()).isFalse();
    }

    @Test
    void reportsAWrongFixedLengthAndAnEvenContextId() {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("05 00 00000005 0000000000")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("04 00 0000000A  00000006 04 03 CAFEBABE")));
        assertThat(channel.<MalformedPdu>readInbound().detail()).contains("PDU length 5");
        assertThat(channel.<MalformedPdu>readInbound().detail()).contains("even");
    }

    private String hexOut() {
        ByteBuf buf = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(buf).toUpperCase();
        } finally {
            buf.release();
        }
    }

    private static String ascii(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII)) + " ";
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }
}
