package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MSH-18 character sets. */
class Hl7CharsetsTest {
  private static final Charset DEFAULT = StandardCharsets.ISO_8859_1;

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({"UNICODE UTF-8,UTF-8", "UNICODE,UTF-8", "unicode  utf-8,UTF-8", "8859/1,ISO-8859-1",
      "8859/2,ISO-8859-2", "8859/5,ISO-8859-5", "8859/9,ISO-8859-9", "ASCII,US-ASCII", "ISO IR144,ISO-8859-5",
      "CP1251,windows-1251", "WINDOWS-1251,windows-1251", "1251,windows-1251", "cp1251,windows-1251",
      "8859/5~UNICODE UTF-8,ISO-8859-5"})
  void namesMapToCharsets(String msh18, String charset) {
    assertThat(Hl7Charsets.forMsh18(msh18, DEFAULT)).isEqualTo(Charset.forName(charset));
  }

  @Test
  void emptyOrUnknownGivesTheListenerDefault() {
    assertThat(Hl7Charsets.forMsh18(null, DEFAULT)).isEqualTo(DEFAULT);
    assertThat(Hl7Charsets.forMsh18("", DEFAULT)).isEqualTo(DEFAULT);
    assertThat(Hl7Charsets.forMsh18("KLINGON", DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void readsMsh18FromTheBytes() {
    byte[] message = "MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5.1|||AL|NE|RUS|8859/5\rPID|1"
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(Hl7Charsets.msh18(message)).contains("8859/5");
    assertThat(Hl7Charsets.detect(message, DEFAULT)).isEqualTo(Charset.forName("ISO-8859-5"));
  }

  @Test
  void missingMsh18OrNoMshGivesEmpty() {
    assertThat(Hl7Charsets.msh18("MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5\r".getBytes(StandardCharsets.US_ASCII)))
        .isEmpty();
    assertThat(Hl7Charsets.msh18("MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5|||||||\r"
        .getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(Hl7Charsets.msh18("PID|1".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(Hl7Charsets.msh18(new byte[0])).isEmpty();
  }

  @Test
  void byteOrderMarkMeansUtf8UnlessMsh18SaysOtherwise() {
    byte[] body = "MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5\r".getBytes(StandardCharsets.US_ASCII);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    assertThat(Hl7Charsets.detect(withBom, DEFAULT)).isEqualTo(StandardCharsets.UTF_8);
    assertThat(Hl7Charsets.detect(body, DEFAULT)).isEqualTo(DEFAULT);
  }

  @Test
  void customFieldSeparatorIsHonoured() {
    byte[] message = "MSH#^~\\&#A#B#C#D#2024##ORU^R01#1#P#2.5######ASCII\r".getBytes(StandardCharsets.US_ASCII);
    assertThat(Hl7Charsets.msh18(message)).contains("ASCII");
  }
}
