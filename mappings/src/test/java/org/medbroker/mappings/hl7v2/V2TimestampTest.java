package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** v2 DTM/TS precision and zones. */
class V2TimestampTest {
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "2024,                      2024",
      "202403,                    2024-03",
      "20240315,                  2024-03-15",
      "20240315+0500,             2024-03-15",
      "2024031510,                2024-03-15T10:00:00+03:00",
      "202403151005,              2024-03-15T10:05:00+03:00",
      "20240315100530,            2024-03-15T10:05:30+03:00",
      "20240315100530.1,          2024-03-15T10:05:30.1+03:00",
      "20240315100530.1234-0800,  2024-03-15T10:05:30.1234-08:00",
      "198808181126+0215,         1988-08-18T11:26:00+02:15",
      "20240315100530+0000,       2024-03-15T10:05:30Z",
  })
  void keepsPrecisionAndOffset(String v2, String fhir) {
    assertThat(V2Timestamp.parse(v2).toDateTime(MOSCOW).getValueAsString()).isEqualTo(fhir);
  }

  @Test
  void usesTheDefaultZoneOffsetValidAtThatLocalTime() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertThat(V2Timestamp.parse("20240115120000").toDateTime(berlin).getValueAsString())
        .isEqualTo("2024-01-15T12:00:00+01:00");
    assertThat(V2Timestamp.parse("20240715120000").toDateTime(berlin).getValueAsString())
        .isEqualTo("2024-07-15T12:00:00+02:00");
  }

  @Test
  void instantNeedsATimeOfDay() {
    assertThat(V2Timestamp.parse("20240315").toInstant(MOSCOW)).isNull();
    assertThat(V2Timestamp.parse("202403151005").toInstant(MOSCOW).getValueAsString())
        .isEqualTo("2024-03-15T10:05:00+03:00");
  }

  @Test
  void dateDropsTheTime() {
    assertThat(V2Timestamp.parse("198808181126+0215").toDate().getValueAsString()).isEqualTo("1988-08-18");
    assertThat(V2Timestamp.parse("1988").toDate().getValueAsString()).isEqualTo("1988");
  }

  @Test
  void rejectsMalformedAndImpossibleTimestamps() {
    for (String bad : new String[] {"2024-03-15", "20241345", "20240230", "202403151260", "24", "20240315 1005",
        "2010201200+0215x"}) {
      assertThatThrownBy(() -> V2Timestamp.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void malformedTimestampInAMessageIsA102AtItsField() {
    MappingException e = TestMessages.error(TestMessages.MSH_ORU, TestMessages.PID,
        "OBR|1|ORD-1^HIS||58410-2^CBC^LN|||2024-03-15||||||||||||||||HM|F", "OBX|1|NM|X^X^L||1||||||F");
    assertThat(e.segment()).isEqualTo("OBR");
    assertThat(e.field()).isEqualTo(7);
    assertThat(e.hl7ErrorCode()).isEqualTo("102");
    assertThat(e.getMessage()).startsWith("MB-0104:");
  }

  @Test
  void birthTimeIsKeptBesideTheBirthDate() throws Exception {
    var patient = TestMessages.patient(TestMessages.map(
        "MSH|^~\\&|A|B|C|D|20240101||ADT^A08^ADT_A01|1|P|2.5", "PID|1||1^^^X^MR||N^N||198808181126+0215|M"));
    assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1988-08-18");
    assertThat(patient.getBirthDateElement().getExtensionByUrl(PatientMapping.BIRTH_TIME).getValue()
        .primitiveValue()).isEqualTo("1988-08-18T11:26:00+02:15");
  }
}
