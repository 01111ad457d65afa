package org.medbroker.connectors.hl7.message;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MshHeaderTest {

    private static final String ORU = "MSH|^~\\&|CBC-ANALYZER|MAINLAB|MEDBROKER|MAINHOSP|20250101120000+0100||ORU^R01^ORU_R01"
            + "|CTRL-0001|P^T|2.5.1^USA|||AL|NE|USA|UNICODE UTF-8|en\r"
            + "PID|1||12345^^^HOSP^MR||DOE^JANE\r";

    @Test
    void readsEachFieldByItsStandardNumber() {
        MshHeader msh = read(ORU);

        assertThat(msh.field(1)).isEqualTo("|");
        assertThat(msh.field(2)).isEqualTo("^~\\&");
        assertThat(msh.sendingApplication()).isEqualTo("CBC-ANALYZER");
        assertThat(msh.sendingFacility()).isEqualTo("MAINLAB");
        assertThat(msh.receivingApplication()).isEqualTo("MEDBROKER");
        assertThat(msh.receivingFacility()).isEqualTo("MAINHOSP");
        assertThat(msh.field(7)).isEqualTo("20250101120000+0100");
        assertThat(msh.field(8)).isEmpty();
        assertThat(msh.messageCode()).isEqualTo("ORU");
        assertThat(msh.triggerEvent()).isEqualTo("R01");
        assertThat(msh.messageType()).isEqualTo("ORU^R01");
        assertThat(msh.controlId()).isEqualTo("CTRL-0001");
        assertThat(msh.processingId()).isEqualTo("P");
        assertThat(msh.versionId()).isEqualTo("2.5.1");
        assertThat(msh.field(15)).isEqualTo("AL");
        assertThat(msh.field(16)).isEqualTo("NE");
        assertThat(msh.field(17)).isEqualTo("USA");
        assertThat(msh.characterSet()).isEqualTo("UNICODE UTF-8");
        assertThat(msh.field(19)).isEqualTo("en");
        assertThat(msh.field(20)).isEmpty();
        assertThat(msh.field(0)).isEmpty();
    }

    @Test
    void readsCustomDelimiters() {
        MshHeader msh = read("MSH#$*@%#LAB#HOSP#MB#MBF#20250101##ORU$R01$ORU_R01#ID-9#P#2.3.1\r");

        assertThat(msh.fieldSeparator()).isEqualTo('#');
        assertThat(msh.encodingCharacters()).isEqualTo("$*@%");
        assertThat(msh.componentSeparator()).isEqualTo('$');
        assertThat(msh.repetitionSeparator()).isEqualTo('*');
        assertThat(msh.escapeCharacter()).isEqualTo('@');
        assertThat(msh.sendingApplication()).isEqualTo("LAB");
        assertThat(msh.messageType()).isEqualTo("ORU^R01");
        assertThat(msh.controlId()).isEqualTo("ID-9");
        assertThat(msh.versionId()).isEqualTo("2.3.1");
    }

    @Test
    void readsAComponentOfTheFirstRepetitionOnly() {
        MshHeader msh = read("MSH|^~\\&|LAB^1.2.3^ISO~OTHER|HOSP|MB|MBF|20250101||ADT^A01|C1|P|2.5\r");
        assertThat(msh.component(3, 1)).isEqualTo("LAB");
        assertThat(msh.component(3, 2)).isEqualTo("1.2.3");
        assertThat(msh.component(3, 3)).isEqualTo("ISO");
        assertThat(msh.component(3, 4)).isEmpty();
        assertThat(msh.sendingApplication()).isEqualTo("LAB^1.2.3^ISO~OTHER");
    }

    @ParameterizedTest(name = "MSH-18 [{0}] reads as [{1}]")
    @CsvSource(delimiter = ';', value = {
        "UNICODE UTF-8;UNICODE UTF-8",
        "8859/1;8859/1",
        "8859/5;8859/5",
        "ASCII;ASCII",
        "UNICODE UTF-8~8859/1;UNICODE UTF-8",
        "'';''",
    })
    void readsTheCharacterSetFromMsh18(String msh18, String expected) {
        byte[] message = ("MSH|^~\\&|LAB|HOSP|MB|MBF|20250101||ORU^R01|C1|P|2.5.1||||||" + msh18 + "\rPID|1\r").getBytes(ISO_8859_1);
        assertThat(MshHeader.characterSet(message)).contains(expected);
        assertThat(MshHeader.read(message, ISO_8859_1).orElseThrow().characterSet()).isEqualTo(expected);
    }

    @Test
    void hasAnEmptyCharacterSetWhenTheSegmentEndsBeforeMsh18() {
        assertThat(MshHeader.characterSet("MSH|^~\\&|LAB|HOSP|MB|MBF|20250101||ORU^R01|C1|P|2.3".getBytes(ISO_8859_1)))
                .contains("");
    }

    @Test
    void decodesFieldTextWithTheGivenCharset() {
        byte[] message = "MSH|^~\\&|АНАЛИЗАТОР|ЛАБ|MB|MBF|20250101||ORU^R01|C1|P|2.5.1||||||UNICODE UTF-8\r".getBytes(UTF_8);
        assertThat(MshHeader.read(message, UTF_8).orElseThrow().sendingApplication()).isEqualTo("АНАЛИЗАТОР");
        assertThat(MshHeader.characterSet(message)).contains("UNICODE UTF-8");
    }

    @ParameterizedTest(name = "leading {0}")
    @ValueSource(strings = {"\r", "\n", "\r\n", "\r\n\r\n", " \r\n"})
    void skipsLeadingLineBreaks(String leading) {
        assertThat(read(leading + ORU).controlId()).isEqualTo("CTRL-0001");
    }

    @Test
    void readsAnMshThatEndsWithoutCrOrEndsWithLf() {
        assertThat(read("MSH|^~\\&|LAB|HOSP|MB|MBF|20250101||ADT^A01|C2|P|2.4").controlId()).isEqualTo("C2");
        assertThat(read("MSH|^~\\&|LAB|HOSP|MB|MBF|20250101||ADT^A01|C3|P|2.4\nPID|1\n").controlId()).isEqualTo("C3");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "",
        "MSH",
        "MSH|^~\\",
        "PID|1||12345",
        "EVN|A01|20250101",
        "\r\n\r\n",
        "MSHX^~\\&|LAB|HOSP",
        "MSH1^~\\&|LAB|HOSP",
        "MSH\r^~\\&|LAB|HOSP",
        "MSH|^~|LAB|HOSP|MB",
        "MSH||LAB|HOSP|MB|MBF",
        "msh|^~\\&|LAB|HOSP|MB",
        "\u000bMSH|^~\\&|LAB|HOSP",
    })
    void readsNothingFromInputThatDoesNotStartWithAnMsh(String input) {
        assertThat(MshHeader.read(input.getBytes(ISO_8859_1), ISO_8859_1)).isEmpty();
        assertThat(MshHeader.characterSet(input.getBytes(ISO_8859_1))).isEmpty();
    }

    @Test
    void readsNothingFromBinaryNoise() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            Optional<MshHeader> msh = MshHeader.read(noise, ISO_8859_1);
            assertThat(msh).as("noise %d", i).isEmpty();
        }
    }

    private static MshHeader read(String message) {
        return MshHeader.read(message.getBytes(ISO_8859_1), ISO_8859_1).orElseThrow();
    }
}
