package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PID to Patient details. */
class PatientMappingTest {
  private static final String ADT = "MSH|^~\\&|A|B|C|D|20240101||ADT^A04^ADT_A01|1|P|2.5.1";

  private static Patient pid(String rest) throws MappingException {
    return TestMessages.patient(TestMessages.map(ADT, "PID|1||1^^^X^MR" + rest));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"M,male", "F,female", "O,other", "A,other", "N,other", "U,unknown"})
  void sexFromTable0001(String code, String gender) throws Exception {
    assertThat(pid("||Name^Given||19800101|" + code).getGender())
        .isEqualTo(AdministrativeGender.fromCode(gender));
  }

  @Test
  void namesWithPatronymicPrefixSuffixAndUse() throws Exception {
    Patient patient = pid("||Петров^Пётр^Петрович^мл.^д-р^^L~Petrov^Petr^^^^^D");
    HumanName official = patient.getName().get(0);
    assertThat(official.getFamily()).isEqualTo("Петров");
    assertThat(official.getGiven()).extracting(Object::toString).containsExactly("Пётр", "Петрович");
    assertThat(official.getPrefixAsSingleString()).isEqualTo("д-р");
    assertThat(official.getSuffixAsSingleString()).isEqualTo("мл.");
    assertThat(official.getUse()).isEqualTo(HumanName.NameUse.OFFICIAL);
    assertThat(patient.getName().get(1).getUse()).isEqualTo(HumanName.NameUse.USUAL);
  }

  @Test
  void birthDateKeepsItsPrecision() throws Exception {
    assertThat(pid("||N^G||1985").getBirthDateElement().getValueAsString()).isEqualTo("1985");
    assertThat(pid("||N^G||198503").getBirthDateElement().getValueAsString()).isEqualTo("1985-03");
  }

  @Test
  void telecomFromHomeAndBusinessPhones() throws Exception {
    Patient patient = pid("||N^G||||||||^PRN^PH^^7^495^1234567~^NET^Internet^a@example.ru|^WPN^FX^^^^7654321");
    assertThat(patient.getTelecom()).extracting(ContactPoint::getSystem, ContactPoint::getValue, ContactPoint::getUse)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ContactPoint.ContactPointSystem.PHONE, "+7 (495) 1234567",
                ContactPoint.ContactPointUse.HOME),
            org.assertj.core.groups.Tuple.tuple(ContactPoint.ContactPointSystem.EMAIL, "a@example.ru",
                ContactPoint.ContactPointUse.HOME),
            org.assertj.core.groups.Tuple.tuple(ContactPoint.ContactPointSystem.FAX, "7654321",
                ContactPoint.ContactPointUse.WORK));
  }

  @Test
  void deceasedFromPid29ElsePid30() throws Exception {
    String empty = "|".repeat(23);
    assertThat(pid("||N^G" + empty + "|20240101120000+0300|Y").getDeceasedDateTimeType().getValueAsString())
        .isEqualTo("2024-01-01T12:00:00+03:00");
    assertThat(pid("||N^G" + empty + "||Y").getDeceasedBooleanType().getValue()).isTrue();
    assertThat(pid("||N^G").hasDeceased()).isFalse();
  }

  @Test
  void maritalStatusToV3() throws Exception {
    Patient patient = pid("||N^G|||||||||||S^Single");
    assertThat(patient.getMaritalStatus().getCodingFirstRep().getCode()).isEqualTo("S");
    assertThat(patient.getMaritalStatus().getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus");
  }
}
