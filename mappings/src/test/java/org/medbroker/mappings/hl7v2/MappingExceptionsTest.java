package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.mappings.hl7v2.TestMessages.MSH_ORU;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejection names segment, occurrence, field and HL7 table 0357 code, and quotes no patient data. */
class MappingExceptionsTest {
  /** Patient data in the messages below; none of it may appear in an error message. */
  private static final String[] PATIENT_DATA = {"Иванова", "Мария", "100234", "19850314", "4,5", "99.x",
      "SECRET-ORDER"};
  private static final String PID = "PID|1||100234^^^GKB1^MR||Иванова^Мария||19850314|F";
  private static final String OBR = "OBR|1|SECRET-ORDER^HIS||58410-2^CBC^LN|||||||||||||||||||||F";
  private static final String ADT = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08^ADT_A01|1|P|2.5";

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of("PID-3 empty", new String[] {ADT, "PID|1||||Иванова^Мария||19850314|F"}, "PID", 1, 3, "101"),
        Arguments.of("no PID", new String[] {ADT, "PV1|1|O"}, "PID", 1, 0, "101"),
        Arguments.of("no OBR", new String[] {MSH_ORU, PID}, "OBR", 1, 0, "101"),
        Arguments.of("OBX before OBR", new String[] {MSH_ORU, PID, "OBX|1|NM|X^X^L||1||||||F", OBR}, "OBX", 1, 0,
            "100"),
        Arguments.of("OBX-3 empty", new String[] {MSH_ORU, PID, OBR, "OBX|1|NM|X^X^L||1||||||F",
            "OBX|2|NM|||1||||||F"}, "OBX", 2, 3, "101"),
        Arguments.of("NM not numeric", new String[] {MSH_ORU, PID, OBR, "OBX|1|NM|X^X^L||4,5||||||F"}, "OBX", 1, 5,
            "102"),
        Arguments.of("timestamp malformed", new String[] {MSH_ORU, PID, OBR,
            "OBX|1|NM|X^X^L||1||||||F|||99.x"}, "OBX", 1, 14, "102"),
        Arguments.of("OBX-11 not in 0085", new String[] {MSH_ORU, PID, OBR, "OBX|1|NM|X^X^L||1||||||Z"}, "OBX", 1,
            11, "103"),
        Arguments.of("OBX-2 not in 0125", new String[] {MSH_ORU, PID, OBR, "OBX|1|XX|X^X^L||1||||||F"}, "OBX", 1,
            2, "103"),
        Arguments.of("OBR-25 not in 0123", new String[] {MSH_ORU, PID,
            "OBR|1|SECRET-ORDER^HIS||58410-2^CBC^LN|||||||||||||||||||||Q", "OBX|1|NM|X^X^L||1||||||F"}, "OBR", 1,
            25, "103"),
        Arguments.of("OBR-4 empty", new String[] {MSH_ORU, PID, "OBR|1|SECRET-ORDER^HIS||||||||||||||||||||||F",
            "OBX|1|NM|X^X^L||1||||||F"}, "OBR", 1, 4, "101"),
        Arguments.of("PID-8 not in 0001", new String[] {ADT, "PID|1||100234^^^GKB1^MR||Иванова^Мария||19850314|Ж"},
            "PID", 1, 8, "103"),
        Arguments.of("ORC-5 not in 0038", new String[] {"MSH|^~\\&|A|B|C|D|20240101||ORM^O01|1|P|2.5.1", PID,
            "ORC|NW|SECRET-ORDER^HIS|||ZZ", OBR}, "ORC", 1, 5, "103"),
        Arguments.of("ORM without PID", new String[] {"MSH|^~\\&|A|B|C|D|20240101||ORM^O01|1|P|2.5.1",
            "ORC|NW|SECRET-ORDER^HIS", OBR}, "PID", 1, 0, "101"),
        Arguments.of("unsupported type", new String[] {"MSH|^~\\&|A|B|C|D|20240101||QRY^A19|1|P|2.5", PID}, "MSH",
            1, 9, "200"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void carriesItsWireForm(String name, String[] segments, String segment, int sequence, int field, String code) {
    MappingException e = TestMessages.error(segments);

    assertThat(e.segment()).isEqualTo(segment);
    assertThat(e.sequence()).isEqualTo(sequence);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.hl7ErrorCode()).isEqualTo(code);
    assertThat(e.getMessage()).matches("MB-01\\d\\d: .+");
    for (String data : PATIENT_DATA) {
      assertThat(e.getMessage()).doesNotContain(data);
    }
  }

  @org.junit.jupiter.api.Test
  void unsupportedTypeIsItsOwnException() {
    MappingException e = TestMessages.error("MSH|^~\\&|A|B|C|D|20240101||OUL^R22^OUL_R22|1|P|2.5.1", PID);
    assertThat(e).isInstanceOf(UnsupportedMessageTypeException.class);
    assertThat(((UnsupportedMessageTypeException) e).messageType()).isEqualTo("OUL^R22");
  }

  @org.junit.jupiter.api.Test
  void supportsTheAgreedTypes() {
    for (String type : new String[] {"ORU^R01", "ORM^O01", "OML^O21", "ADT^A01", "ADT^A04", "ADT^A08", "ADT^A28",
        "ADT^A31", "ADT^A40", "oru^r01"}) {
      String[] parts = type.split("\\^");
      assertThat(Hl7v2ToFhirMapper.supports(parts[0], parts[1])).as(type).isTrue();
    }
    assertThat(Hl7v2ToFhirMapper.supports("ADT", "A03")).isFalse();
    assertThat(Hl7v2ToFhirMapper.supports("OUL", "R22")).isFalse();
    assertThat(Hl7v2ToFhirMapper.supports(null, "R01")).isFalse();
  }
}
