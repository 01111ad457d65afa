package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbroker.mappings.testing.Hl7Samples;

/** Cyrillic names survive each character set a Russian or Kazakh sender uses. */
class CyrillicTextTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ORU-R01-ru-cbc-utf8.hl7", "ORU-R01-ru-cbc-8859-5.hl7", "ORU-R01-ru-cbc.cp1251.hl7"})
  void russianNameIsIntactInEveryCharset(String sample) throws Exception {
    MappingResult result = TestMessages.MAPPER.map(Hl7v2Parser.shared().parse(Hl7Samples.read(sample)));

    HumanName name = TestMessages.patient(result).getNameFirstRep();
    assertThat(name.getFamily()).isEqualTo("Иванова");
    assertThat(name.getGiven()).extracting(Object::toString).containsExactly("Мария", "Петровна");
    assertThat(TestMessages.report(result).getCode().getCodingFirstRep().getDisplay())
        .isEqualTo("Общий анализ крови (ОАК)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ORU-R01-ru-cbc-8859-5.hl7", "ORU-R01-ru-cbc.cp1251.hl7"})
  void singleByteSamplesAreReallyNotUtf8(String sample) throws Exception {
    byte[] bytes = Files.readAllBytes(Hl7Samples.path(sample));
    String asUtf8 = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(asUtf8).doesNotContain("Иванова");
  }

  @org.junit.jupiter.api.Test
  void kazakhLettersAreIntact() throws Exception {
    Patient patient = TestMessages.patient(TestMessages.MAPPER.map(
        Hl7v2Parser.shared().parse(Hl7Samples.read("ADT-A04-kz-iin.hl7"))));
    assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Сәрсенбаев");
    assertThat(patient.getNameFirstRep().getGiven()).extracting(Object::toString)
        .containsExactly("Ерғали", "Қайратұлы");
    assertThat(patient.getIdentifier().get(1).getSystem()).isEqualTo(MappingOptions.KZ_IIN_SYSTEM);
  }
}
