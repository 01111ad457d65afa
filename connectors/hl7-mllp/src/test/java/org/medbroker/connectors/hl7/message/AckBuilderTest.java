package org.medbroker.connectors.hl7.message;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AckBuilderTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2025, 3, 4, 5, 6, 7, 890_000_000, ZoneOffset.ofHours(1));
    private static final AckBuilder ACKS = new AckBuilder("MEDBROKER", "MAINHOSP");

    @Test
    void acceptsAnOru251WithTheSendersAddressesSwapped() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01^ORU_R01|CTRL-1|P|2.5.1\rPID|1\r", AckCode.AA, null);

        assertThat(ack).isEqualTo("MSH|^~\\&|MB|HOSP|CBC|LAB|20250304050607.890+0100||ACK^R01^ACK|ACK-1|P|2.5.1\r"
                + "MSA|AA|CTRL-1\r");
    }

    @Test
    void answersFromItsOwnNameWhenTheSenderLeftReceivingApplicationEmpty() {
        String ack = ack("MSH|^~\\&|CBC|LAB|||20250101||ORU^R01|CTRL-2|T|2.5.1\r", AckCode.AA, null);

        MshHeader msh = header(ack);
        assertThat(msh.sendingApplication()).isEqualTo("MEDBROKER");
        assertThat(msh.sendingFacility()).isEqualTo("MAINHOSP");
        assertThat(msh.receivingApplication()).isEqualTo("CBC");
        assertThat(msh.processingId()).isEqualTo("T");
    }

    @Test
    void echoesTheOriginalControlIdInMsa2() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|20250101-000042|P|2.5.1\r", AckCode.AA, null);
        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|20250101-000042");
        assertThat(header(ack).controlId()).isEqualTo("ACK-1");
    }

    @Test
    void echoesMsh18AsField18() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C1|P|2.5.1||||||UNICODE UTF-8\r", AckCode.AA, null);
        assertThat(header(ack).characterSet()).isEqualTo("UNICODE UTF-8");
        assertThat(segment(ack, "MSH")).endsWith("|2.5.1||||||UNICODE UTF-8");
    }

    @Test
    void leavesMsh18OutWhenTheSenderDidNotSetIt() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C1|P|2.5.1\r", AckCode.AA, null);
        assertThat(segment(ack, "MSH")).endsWith("|ACK-1|P|2.5.1");
    }

    @Test
    void encodesTheAckInTheGivenCharset() {
        byte[] original = "MSH|^~\\&|АНАЛИЗАТОР|ЛАБ|MB|HOSP|20250101||ORU^R01|C1|P|2.5.1||||||UNICODE UTF-8\r".getBytes(UTF_8);
        byte[] ack = ACKS.build(MshHeader.read(original, UTF_8), AckCode.AA, Optional.empty(), "ACK-1", NOW, UTF_8);
        assertThat(MshHeader.read(ack, UTF_8).orElseThrow().receivingApplication()).isEqualTo("АНАЛИЗАТОР");
    }

    @Test
    void carriesTheErrorInErr1AsAnEldBeforeVersion25() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C23|P|2.3\r", AckCode.AE,
                new AckError("PID", 1, 5, "101", "MB-0301: patient name missing"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AE|C23|MB-0301: patient name missing");
        assertThat(segment(ack, "ERR")).isEqualTo("ERR|PID^1^5^101&Required field missing&HL70357");
    }

    @Test
    void putsTheCodeInTheFourthEldComponentWhenTheLocationIsUnknown() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C24|P|2.4\r", AckCode.AE,
                AckError.general("207", "MB-0206: internal error"));
        assertThat(segment(ack, "ERR")).isEqualTo("ERR|^^^207&Application internal error&HL70357");
    }

    @Test
    void carriesTheErrorInErr2To8FromVersion25() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C251|P|2.5.1\r", AckCode.AE,
                new AckError("OBX", 3, 5, "102", "MB-0302: value is not a number"));

        assertThat(segment(ack, "ERR")).isEqualTo(
                "ERR||OBX^3^5|102^Data type error^HL70357|E||||MB-0302: value is not a number");
        String[] fields = segment(ack, "ERR").split("\\|", -1);
        assertThat(fields[2]).isEqualTo("OBX^3^5");                           // ERR-2 error location
        assertThat(fields[3]).startsWith("102^");                             // ERR-3 HL7 error code
        assertThat(fields[4]).isEqualTo("E");                                 // ERR-4 severity
        assertThat(fields[8]).isEqualTo("MB-0302: value is not a number");    // ERR-8 user message
    }

    @Test
    void leavesErr2EmptyForAGeneralErrorFromVersion25() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C26|P|2.6\r", AckCode.AR,
                AckError.general("200", "MB-0303: message type not supported"));
        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AR|C26|MB-0303: message type not supported");
        assertThat(segment(ack, "ERR")).isEqualTo("ERR|||200^Unsupported message type^HL70357|E||||MB-0303: message type not supported");
    }

    @Test
    void escapesDelimitersInErrorText() {
        String ack = ack("MSH|^~\\&|CBC|LAB|MB|HOSP|20250101||ORU^R01|C27|P|2.5.1\r", AckCode.AE,
                AckError.general("207", "a|b^c~d\\e&f\rg"));

        String escaped = "a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f g";
        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AE|C27|" + escaped);
        assertThat(segment(ack, "ERR")).endsWith("|" + escaped);
        assertThat(ack.split("\r")).hasSize(3);
    }

    @Test
    void writesTheAckWithTheSendersCustomDelimitersAndEscapesWithThem() {
        String ack = ack("MSH#$*@%#CBC#LAB#MB#HOSP#20250101##ORU$R01#C28#P#2.3.1\r", AckCode.AE,
                AckError.general("207", "x#y$z*w@v%u|^"));

        assertThat(segment(ack, "MSH")).isEqualTo("MSH#$*@%#MB#HOSP#CBC#LAB#20250304050607.890+0100##ACK$R01$ACK#ACK-1#P#2.3.1");
        assertThat(segment(ack, "MSA")).isEqualTo("MSA#AE#C28#x@F@y@S@z@R@w@E@v@T@u|^");
        assertThat(segment(ack, "ERR")).isEqualTo("ERR#$$$207%Application internal error%HL70357");
        assertThat(header(ack).controlId()).isEqualTo("ACK-1");
    }

    @Test
    void rejectsWithDefaultsWhenThereIsNoReadableMsh() {
        byte[] ack = ACKS.build(Optional.empty(), AckCode.AR, Optional.of(AckError.general("100", "MB-0304: no MSH")),
                "ACK-9", NOW, ISO_8859_1);
        String text = new String(ack, ISO_8859_1);

        assertThat(segment(text, "MSH")).isEqualTo("MSH|^~\\&|MEDBROKER|MAINHOSP|||20250304050607.890+0100||ACK|ACK-9|P|2.5.1");
        assertThat(segment(text, "MSA")).isEqualTo("MSA|AR||MB-0304: no MSH");
        assertThat(segment(text, "ERR")).isEqualTo("ERR|||100^Segment sequence error^HL70357|E||||MB-0304: no MSH");
    }

    private static String ack(String original, AckCode code, AckError error) {
        byte[] bytes = ACKS.build(MshHeader.read(original.getBytes(ISO_8859_1), ISO_8859_1), code, Optional.ofNullable(error),
                "ACK-1", NOW, ISO_8859_1);
        return new String(bytes, ISO_8859_1);
    }

    private static MshHeader header(String ack) {
        return MshHeader.read(ack.getBytes(ISO_8859_1), ISO_8859_1).orElseThrow();
    }

    private static String segment(String message, String id) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(id)) {
                return segment;
            }
        }
        throw new AssertionError("no " + id + " segment in " + message.replace('\r', '/'));
    }
}
