package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OBX-8 abnormal flags to v3 ObservationInterpretation. */
class InterpretationTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"H,High", "L,Low", "HH,Critical high", "LL,Critical low", "N,Normal", "A,Abnormal",
      "AA,Critical abnormal", "<,Off scale low", ">,Off scale high", "POS,Positive", "NEG,Negative",
      "R,Resistant", "S,Susceptible", "I,Intermediate"})
  void mapsTable0078Codes(String flag, String display) throws Exception {
    Observation observation = TestMessages.observation(TestMessages.oru("OBX|1|NM|X^X^L||1|||" + flag + "|||F"));
    CodeableConcept interpretation = observation.getInterpretationFirstRep();
    assertThat(interpretation.getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation");
    assertThat(interpretation.getCodingFirstRep().getCode()).isEqualTo(flag);
    assertThat(interpretation.getCodingFirstRep().getDisplay()).isEqualTo(display);
  }

  @Test
  void keepsEveryRepetitionAndUnknownFlagsAsText() throws Exception {
    Observation observation = TestMessages.observation(TestMessages.oru("OBX|1|NM|X^X^L||1|||H~XX|||F"));
    assertThat(observation.getInterpretation()).hasSize(2);
    assertThat(observation.getInterpretation().get(1).hasCoding()).isFalse();
    assertThat(observation.getInterpretation().get(1).getText()).isEqualTo("XX");
  }

  @Test
  void noFlagNoInterpretation() throws Exception {
    assertThat(TestMessages.observation(TestMessages.oru("OBX|1|NM|X^X^L||1||||||F")).hasInterpretation())
        .isFalse();
  }
}
