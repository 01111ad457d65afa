package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.testing.Hl7Samples;

/** ADT^A40: the MRG patient is merged into the PID patient. */
class PatientMergeTest {
  private static final String MSH = "MSH|^~\\&|MIS|GKB1|MB|LAB|20240402093000+0300||ADT^A40^ADT_A39|1|P|2.5";

  @Test
  void mergedPatientIsInactiveAndReplacedByTheSurvivor() throws Exception {
    MappingResult result = TestMessages.MAPPER.map(
        Hl7v2Parser.shared().parse(Hl7Samples.read("ADT-A40-ru-merge.hl7")));

    List<Patient> patients = TestMessages.all(result, Patient.class);
    assertThat(patients).hasSize(2);
    Patient survivor = patients.get(0);
    Patient merged = patients.get(1);
    assertThat(survivor.getIdPart()).isEqualTo(StableIds.patient("urn:medbroker:authority:GKB1", "100234"));
    assertThat(merged.getIdPart()).isEqualTo(StableIds.patient("urn:medbroker:authority:GKB1", "100987"));
    assertThat(result.merge()).contains(new PatientMerge(survivor.getIdPart(), merged.getIdPart()));

    assertThat(merged.getActive()).isFalse();
    assertThat(merged.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
    assertThat(merged.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + survivor.getIdPart());
    assertThat(merged.getNameFirstRep().getFamily()).isEqualTo("Иванова");
    assertThat(survivor.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACES);
    assertThat(survivor.getLinkFirstRep().getOther().getReference()).isEqualTo("Patient/" + merged.getIdPart());
  }

  @Test
  void otherMessagesHaveNoMerge() throws Exception {
    assertThat(TestMessages.oru("OBX|1|NM|X^X^L||1||||||F").merge()).isEmpty();
  }

  @Test
  void missingMrgIsA101() {
    MappingException e = TestMessages.error(MSH, "PID|1||100234^^^GKB1^MR");
    assertThat(e.segment()).isEqualTo("MRG");
    assertThat(e.field()).isEqualTo(0);
    assertThat(e.hl7ErrorCode()).isEqualTo("101");
  }

  @Test
  void emptyMrg1IsA101AtMrg1() {
    MappingException e = TestMessages.error(MSH, "PID|1||100234^^^GKB1^MR", "MRG|||||||Old^Name");
    assertThat(e.segment()).isEqualTo("MRG");
    assertThat(e.field()).isEqualTo(1);
    assertThat(e.hl7ErrorCode()).isEqualTo("101");
  }

  @Test
  void mergingAPatientIntoItselfIsRejected() {
    MappingException e = TestMessages.error(MSH, "PID|1||100234^^^GKB1^MR", "MRG|100234^^^GKB1^MR");
    assertThat(e.field()).isEqualTo(1);
    assertThat(e.hl7ErrorCode()).isEqualTo("207");
  }

  @Test
  void severalMergesInOneMessageAreRejected() {
    MappingException e = TestMessages.error(MSH, "PID|1||1^^^X^MR", "MRG|2^^^X^MR", "PID|2||3^^^X^MR",
        "MRG|4^^^X^MR");
    assertThat(e.segment()).isEqualTo("MRG");
    assertThat(e.sequence()).isEqualTo(2);
    assertThat(e.hl7ErrorCode()).isEqualTo("207");
  }
}
