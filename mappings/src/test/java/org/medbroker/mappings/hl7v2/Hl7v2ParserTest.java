package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ADT_A01;
import ca.uhn.hl7v2.model.v251.message.ADT_A39;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Parsing into the canonical v2.5.1 model. */
class Hl7v2ParserTest {
  private static final Hl7v2Parser PARSER = Hl7v2Parser.shared();

  @Test
  void parsesOlderVersionsIntoTheV251Model() throws Exception {
    for (String version : new String[] {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"}) {
      Message message = PARSER.parse("MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|" + version
          + "\rPID|1||1^^^X^MR\rOBR|1|P1||X^Y^L\rOBX|1|NM|X^Y^L||1||||||F");
      assertThat(message).as(version).isInstanceOf(ORU_R01.class);
    }
  }

  @Test
  void toleratesLineFeedsAndByteOrderMark() throws Exception {
    Message message = PARSER.parse("\uFEFFMSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5.1\r\nPID|1||1^^^X^MR\n"
        + "OBR|1|P1||X^Y^L\nOBX|1|NM|X^Y^L||1||||||F\n");
    assertThat(((ORU_R01) message).getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATION().getOBX()
        .getObx5_ObservationValue(0).getData().encode()).isEqualTo("1");
  }

  @Test
  void structureNamesUnknownToV251FallBackToTheEvent() throws Exception {
    assertThat(PARSER.parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A04^ADT_A04|1|P|2.8\rPID|1||1"))
        .isInstanceOf(ADT_A01.class);
    assertThat(PARSER.parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A40^ADT_A40|1|P|2.5\rPID|1||1\rMRG|2"))
        .isInstanceOf(ADT_A39.class);
  }

  @Test
  void rejectsTextThatIsNotHl7() {
    assertThatThrownBy(() -> PARSER.parse("hello Иванова")).isInstanceOf(Hl7v2ParseException.class)
        .hasMessageStartingWith("MB-0151:").hasMessageNotContaining("Иванова")
        .satisfies(e -> assertThat(((Hl7v2ParseException) e).hl7ErrorCode()).isEqualTo("100"));
    assertThatThrownBy(() -> PARSER.parse(null)).isInstanceOf(Hl7v2ParseException.class);
  }

  @Test
  void rejectsMissingOrUnknownVersion() {
    assertThatThrownBy(() -> PARSER.parse("MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|\rPID|1"))
        .isInstanceOf(Hl7v2ParseException.class).hasMessageStartingWith("MB-0152:")
        .satisfies(e -> assertThat(((Hl7v2ParseException) e).hl7ErrorCode()).isEqualTo("203"));
    assertThatThrownBy(() -> PARSER.parse("MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|9.9\rPID|1"))
        .isInstanceOf(Hl7v2ParseException.class).hasMessageStartingWith("MB-0152:");
  }

  @Test
  void parseErrorsDoNotQuoteThePayload() {
    assertThatThrownBy(() -> PARSER.parse("MSH|^~\\&|A|B|C|D|2024||ORU^R01|1|P|2.5.1\rPI|Секретов"))
        .isInstanceOf(Hl7v2ParseException.class).hasMessageStartingWith("MB-0153:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Секретов").doesNotContain("2024"));
    assertThatThrownBy(() -> PARSER.parse("MSH|^~\\&|A|B|C|D|2024|||1|P|2.5.1\rPID|1||Секретов"))
        .isInstanceOf(Hl7v2ParseException.class).hasMessageStartingWith("MB-0154:")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Секретов"));
  }

  @Test
  void isSafeToShareBetweenThreads() throws Exception {
    String text = org.medbroker.mappings.testing.Hl7Samples.read("ORU-R01-ru-cbc-utf8.hl7");
    String expected = PARSER.parse(text).encode();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(pool.submit(() -> PARSER.parse(text).encode()));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
