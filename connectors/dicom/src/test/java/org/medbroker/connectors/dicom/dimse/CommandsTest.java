package org.medbroker.connectors.dicom.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CommandsTest {

    static List<DimseMessage> messages() {
        return List.of(
                new DimseMessage.CEchoRq(1, "1.2.840.10008.1.1"),
                new DimseMessage.CEchoRsp(1, "1.2.840.10008.1.1", Status.SUCCESS, null),
                new DimseMessage.CStoreRq(7, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", DimseMessage.PRIORITY_HIGH, null, 0),
                new DimseMessage.CStoreRq(8, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.6", 0, "MOVER", 99),
                new DimseMessage.CStoreRsp(7, "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4.5", Status.OUT_OF_RESOURCES,
                        "MB-0621: disk full"),
                new DimseMessage.CFindRq(3, "1.2.840.10008.5.1.4.1.2.2.1", DimseMessage.PRIORITY_LOW),
                new DimseMessage.CFindRsp(3, "1.2.840.10008.5.1.4.1.2.2.1", Status.PENDING, null),
                new DimseMessage.CFindRsp(3, "1.2.840.10008.5.1.4.1.2.2.1", Status.CANCEL, null),
                new DimseMessage.CGetRq(4, "1.2.840.10008.5.1.4.1.2.2.3", 0),
                new DimseMessage.CGetRsp(4, "1.2.840.10008.5.1.4.1.2.2.3", Status.PENDING, null,
                        new DimseMessage.SubOperations(3, 1, 0, 0)),
                new DimseMessage.CMoveRq(5, "1.2.840.10008.5.1.4.1.2.2.2", 0, "DEST"),
                new DimseMessage.CMoveRsp(5, "1.2.840.10008.5.1.4.1.2.2.2", Status.SUCCESS, null,
                        new DimseMessage.SubOperations(-1, 4, 0, 0)),
                new DimseMessage.CMoveRsp(5, "1.2.840.10008.5.1.4.1.2.2.2", 0xA801, "unknown destination", null),
                new DimseMessage.CCancelRq(3));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTrips(DimseMessage message) throws Exception {
        assertThat(Commands.decode(Commands.encode(message))).isEqualTo(message);
    }

    /** C-ECHO-RQ as laid out in PS3.7 9.3.5 and E.1, Implicit VR Little Endian. */
    private static final String ECHO_RQ = "00000000 04000000 38000000"
            + "00000200 12000000 312e322e3834302e31303030382e312e3100"
            + "00000001 02000000 3000"
            + "00001001 02000000 0100"
            + "00000008 02000000 0101";

    @Test
    void encodesCEchoRqByteForByteWithGroupLength() {
        byte[] encoded = Commands.encode(new DimseMessage.CEchoRq(1, "1.2.840.10008.1.1"));
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(ECHO_RQ.replace(" ", ""));
    }

    @Test
    void decodesAHandWrittenCEchoRq() throws Exception {
        assertThat(Commands.decode(HexFormat.of().parseHex(ECHO_RQ.replace(" ", ""))))
                .isEqualTo(new DimseMessage.CEchoRq(1, "1.2.840.10008.1.1"));
    }

    @Test
    void refusesUnknownCommandFieldsAndMissingElements() {
        String unknown = "00000000 04000000 0a000000 00000001 02000000 4400";
        assertThatThrownBy(() -> Commands.decode(HexFormat.of().parseHex(unknown.replace(" ", ""))))
                .isInstanceOf(DimseException.class).hasMessageContaining("0044");
        String noMessageId = "00000000 04000000 0a000000 00000001 02000000 3000";
        assertThatThrownBy(() -> Commands.decode(HexFormat.of().parseHex(noMessageId.replace(" ", ""))))
                .isInstanceOf(DimseException.class);
        assertThatThrownBy(() -> Commands.decode(new byte[] {1, 2, 3})).isInstanceOf(DimseException.class);
    }

    @Test
    void classifiesStatuses() {
        assertThat(Status.isPending(0xFF01)).isTrue();
        assertThat(Status.isFinal(0xFE00)).isTrue();
        assertThat(Status.isWarning(0xB000)).isTrue();
        assertThat(Status.isFailure(0xA700)).isTrue();
        assertThat(Status.isFailure(0xC123)).isTrue();
        assertThat(Status.isFailure(0x0000)).isFalse();
    }

    @Test
    void statusesPrintAsFourHexDigits() {
        assertThat(Status.hex(Status.SUCCESS)).isEqualTo("0000");
        assertThat(Status.hex(Status.DUPLICATE_SOP_INSTANCE)).isEqualTo("0111");
        assertThat(Status.hex(Status.OUT_OF_RESOURCES)).isEqualTo("A700");
        assertThat(Status.hex(0xFF00)).isEqualTo("FF00");
    }
}
