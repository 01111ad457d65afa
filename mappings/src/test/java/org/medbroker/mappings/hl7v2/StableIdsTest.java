package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StableIdsTest {

  @Test
  void sameKeySameId() {
    assertThat(StableIds.of("Observation", "a", "b")).isEqualTo(StableIds.of("Observation", "a", "b"));
  }

  @Test
  void idsAreValidFhirIds() {
    assertThat(StableIds.of("Patient", "Иванова", null, "|")).matches("[A-Za-z0-9\\-.]{1,64}").hasSize(32);
  }

  @Test
  void typeAndPartBoundariesMatter() {
    assertThat(StableIds.of("Observation", "a")).isNotEqualTo(StableIds.of("DiagnosticReport", "a"));
    assertThat(StableIds.of("Observation", "a|b", "c")).isNotEqualTo(StableIds.of("Observation", "a", "b|c"));
    assertThat(StableIds.of("Observation", "ab", "c")).isNotEqualTo(StableIds.of("Observation", "a", "bc"));
  }

  @Test
  void patientIdIsTheDocumentedFunction() {
    assertThat(StableIds.patient("urn:oid:1.2.643.100.3", "11223344595"))
        .isEqualTo(StableIds.of("Patient", "urn:oid:1.2.643.100.3", "11223344595"));
  }
}
