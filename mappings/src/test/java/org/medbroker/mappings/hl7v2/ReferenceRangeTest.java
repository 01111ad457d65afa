package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OBX-7 parsing. */
class ReferenceRangeTest {

  @ParameterizedTest(name = "\"{0}\" -> low {1}, high {2}, text {3}")
  @CsvSource(delimiter = ';', nullValues = "-", value = {
      "3.5-5.0;    3.5;  5.0;  -",
      "3.5 - 5.0;  3.5;  5.0;  -",
      "117-155;    117;  155;  -",
      "-2.0-2.0;   -2.0; 2.0;  -",
      "3,5-5,0;    3.5;  5.0;  -",
      "<5;         -;    5;    -",
      "<=5;        -;    5;    -",
      ">10;        10;   -;    -",
      ">= 10;      10;   -;    -",
      "5-3;        -;    -;    5-3",
      "negative;   -;    -;    negative",
      "отрицательно; -;  -;    отрицательно",
      "<1:100;     -;    -;    <1:100",
  })
  void parsesRangesBoundsAndText(String text, String low, String high, String rangeText) {
    ObservationReferenceRangeComponent range = ObservationValues.referenceRange(text, null);
    assertThat(range.hasLow() ? range.getLow().getValue().toPlainString() : null).isEqualTo(low);
    assertThat(range.hasHigh() ? range.getHigh().getValue().toPlainString() : null).isEqualTo(high);
    assertThat(range.hasText() ? range.getText() : null).isEqualTo(rangeText);
  }

  @org.junit.jupiter.api.Test
  void boundsCarryTheResultUnits() throws Exception {
    ObservationReferenceRangeComponent range = TestMessages.observation(
        TestMessages.oru("OBX|1|NM|X^X^L||5|mmol/L^ммоль/л^UCUM|3.9-6.1||||F")).getReferenceRangeFirstRep();
    Quantity low = range.getLow();
    assertThat(low.getUnit()).isEqualTo("ммоль/л");
    assertThat(low.getCode()).isEqualTo("mmol/L");
    assertThat(low.getSystem()).isEqualTo("http://unitsofmeasure.org");
  }

  @org.junit.jupiter.api.Test
  void emptyRangeGivesNone() throws Exception {
    assertThat(TestMessages.observation(TestMessages.oru("OBX|1|NM|X^X^L||5||||||F")).hasReferenceRange())
        .isFalse();
  }
}
