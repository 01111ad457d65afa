package org.medbroker.mappings.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class R4ValidatorTest {

  @Test
  void acceptsAValidResource() {
    Observation observation = new Observation();
    observation.setId("obs-1");
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.getCode().setText("WBC");
    assertThatCode(() -> R4Validator.assertValid(observation)).doesNotThrowAnyException();
  }

  @Test
  void reportsEveryError() {
    Observation observation = new Observation(); // no status, no code
    observation.setId("obs-2");
    assertThatThrownBy(() -> R4Validator.assertValid(observation)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Observation.status").hasMessageContaining("Observation.code");

    Patient patient = new Patient();
    patient.setId("p-1");
    patient.addTelecom(new ContactPoint().setValue("123"));
    assertThatThrownBy(() -> R4Validator.assertValid(patient)).hasMessageContaining("cpt-2");
  }
}
