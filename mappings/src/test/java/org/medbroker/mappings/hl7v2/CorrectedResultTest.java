package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.testing.Hl7Samples;

/** A corrected result (OBX-11 = C) maps to the same ids as the final one it corrects. */
class CorrectedResultTest {

  private static MappingResult map(String sample) throws Exception {
    return TestMessages.MAPPER.map(Hl7v2Parser.shared().parse(Hl7Samples.read(sample)));
  }

  @Test
  void correctionKeepsTheObservationIdAndCarriesTheNewValue() throws Exception {
    MappingResult original = map("ORU-R01-corrected-1-final.hl7");
    MappingResult correction = map("ORU-R01-corrected-2-correction.hl7");

    Observation before = TestMessages.observation(original);
    Observation after = TestMessages.observation(correction);
    assertThat(after.getIdPart()).isEqualTo(before.getIdPart());
    assertThat(before.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
    assertThat(after.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
    assertThat(before.getValueQuantity().getValue()).isEqualByComparingTo("5.4");
    assertThat(after.getValueQuantity().getValue()).isEqualByComparingTo("6.8");

    DiagnosticReport report = TestMessages.report(correction);
    assertThat(report.getIdPart()).isEqualTo(TestMessages.report(original).getIdPart());
    assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
    assertThat(original.resources()).extracting(r -> r.fhirType() + "/" + r.getIdPart())
        .isEqualTo(correction.resources().stream().map(r -> r.fhirType() + "/" + r.getIdPart()).toList());
  }

  @Test
  void mappingIsDeterministic() throws Exception {
    MappingResult first = map("ORU-R01-ru-cbc-utf8.hl7");
    MappingResult second = map("ORU-R01-ru-cbc-utf8.hl7");
    for (int i = 0; i < first.resources().size(); i++) {
      assertThat(second.resources().get(i).equalsDeep(first.resources().get(i))).isTrue();
    }
  }

  @Test
  void observationKeyIncludesSubId() throws Exception {
    MappingResult result = TestMessages.oru("OBX|1|NM|X^X^L|1|1||||||F", "OBX|2|NM|X^X^L|2|2||||||F");
    var observations = TestMessages.all(result, Observation.class);
    assertThat(observations.get(0).getIdPart()).isNotEqualTo(observations.get(1).getIdPart());
  }

  @Test
  void sameCodeTwiceInOneOrderStillGetsDistinctIds() throws Exception {
    MappingResult result = TestMessages.oru("OBX|1|NM|X^X^L||1||||||F", "OBX|2|NM|X^X^L||2||||||F");
    var observations = TestMessages.all(result, Observation.class);
    assertThat(observations.get(0).getIdPart()).isNotEqualTo(observations.get(1).getIdPart());
    assertThat(TestMessages.report(result).getResult()).hasSize(2);
  }
}
