package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** Identifier systems from assigning authorities (CX-4, EI-2..4). */
class IdentifierSystemsTest {
  private static final String ADT = "MSH|^~\\&|A|B|C|D|20240101||ADT^A08^ADT_A01|1|P|2.5";

  private static Patient patient(String pid3) throws MappingException {
    return TestMessages.patient(TestMessages.map(ADT, "PID|1||" + pid3 + "||Name^Given"));
  }

  @Test
  void nationalIdentifiersHaveDefaultSystems() throws Exception {
    Patient patient = patient("11223344595^^^SNILS^SS~900712300108^^^iin^NI");
    assertThat(patient.getIdentifier()).extracting(Identifier::getSystem)
        .containsExactly("urn:oid:1.2.643.100.3", "urn:medbroker:id:kz-iin");
  }

  @Test
  void siteMappingWinsAndIsCaseInsensitive() throws Exception {
    MappingOptions options = TestMessages.OPTIONS.withIdentifierSystems(Map.of("gkb1", "https://gkb1.example/mrn"));
    Patient patient = TestMessages.patient(new Hl7v2ToFhirMapper(options).map(TestMessages.parse(ADT,
        "PID|1||100234^^^GKB1&1.2.643.5.1.13&ISO^MR")));
    assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("https://gkb1.example/mrn");
  }

  @Test
  void universalIdsBecomeOidUuidOrUriSystems() throws Exception {
    assertThat(patient("1^^^&2.16.840.1.113883.19&ISO^MR").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:oid:2.16.840.1.113883.19");
    assertThat(patient("1^^^&426D2726-51FC-89FE-A946-8596E80A80EB&UUID").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:uuid:426d2726-51fc-89fe-a946-8596e80a80eb");
    assertThat(patient("1^^^&https://ids.example/mrn&URI").getIdentifierFirstRep().getSystem())
        .isEqualTo("https://ids.example/mrn");
  }

  @Test
  void isoUniversalIdComesBeforeTheNamespace() throws Exception {
    assertThat(patient("1^^^AccMgr&1.3.6.1.4.1.44750&ISO^VN").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:oid:1.3.6.1.4.1.44750");
    assertThat(patient("1^^^AccMgr&1.23&HCD^VN").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:medbroker:authority:AccMgr");
  }

  @Test
  void invalidOidFallsBackToAnAuthorityUrn() throws Exception {
    assertThat(patient("1^^^&2.16.01.x&ISO").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:medbroker:authority:2.16.01.x");
  }

  @Test
  void namespacesAreEncodedIntoValidUrns() throws Exception {
    assertThat(patient("14^^^IA PHIMS Stage^PI").getIdentifierFirstRep().getSystem())
        .isEqualTo("urn:medbroker:authority:IA%20PHIMS%20Stage");
    assertThat(patient("14^^^ГКБ №1^MR").getIdentifierFirstRep().getSystem())
        .startsWith("urn:medbroker:authority:%D0%93");
  }

  @Test
  void noAuthorityNoSystem() throws Exception {
    assertThat(patient("12345").getIdentifierFirstRep().hasSystem()).isFalse();
  }

  @Test
  void identifierTypeFromTable0203ElseText() throws Exception {
    Patient patient = patient("1^^^X^MR~2^^^Y^NNRUS");
    assertThat(patient.getIdentifier().get(0).getType().getCodingFirstRep().getCode()).isEqualTo("MR");
    assertThat(patient.getIdentifier().get(0).getType().getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0203");
    assertThat(patient.getIdentifier().get(1).getType().hasCoding()).isFalse();
    assertThat(patient.getIdentifier().get(1).getType().getText()).isEqualTo("NNRUS");
  }

  @Test
  void pid2AndPid4AreIdentifiersToo() throws Exception {
    Patient patient = TestMessages.patient(TestMessages.map(ADT, "PID|1|EXT-1^^^OLD|1^^^X^MR|ALT-7^^^ALT"));
    assertThat(patient.getIdentifier()).extracting(Identifier::getValue).containsExactly("1", "EXT-1", "ALT-7");
  }

  @Test
  void patientIdComesFromTheFirstIdentifier() throws Exception {
    Patient a = patient("100234^^^GKB1^MR~11223344595^^^SNILS^SS");
    Patient b = patient("100234^^^GKB1^MR");
    Patient c = patient("11223344595^^^SNILS^SS~100234^^^GKB1^MR");
    assertThat(a.getIdPart()).isEqualTo(b.getIdPart())
        .isEqualTo(StableIds.patient("urn:medbroker:authority:GKB1", "100234"));
    assertThat(c.getIdPart()).isNotEqualTo(a.getIdPart());
  }

  @Test
  void missingPid3IsA101AtPid3() {
    MappingException e = TestMessages.error(ADT, "PID|1||^^^GKB1^MR||Name^Given");
    assertThat(e.segment()).isEqualTo("PID");
    assertThat(e.sequence()).isEqualTo(1);
    assertThat(e.field()).isEqualTo(3);
    assertThat(e.hl7ErrorCode()).isEqualTo("101");
  }
}
