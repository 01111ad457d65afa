package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.testing.Hl7Samples;

/** ORM^O01 and OML^O21 to ServiceRequest and Specimen. */
class OrderMessagesTest {

  private static MappingResult sample(String name) throws Exception {
    return TestMessages.MAPPER.map(Hl7v2Parser.shared().parse(Hl7Samples.read(name)));
  }

  @Test
  void everyOrderOfAnOmlIsMappedWithItsBarcodedTube() throws Exception {
    MappingResult result = sample("OML-O21-ru-barcodes.hl7");

    List<ServiceRequest> requests = TestMessages.all(result, ServiceRequest.class);
    List<Specimen> specimens = TestMessages.all(result, Specimen.class);
    assertThat(requests).hasSize(2);
    assertThat(specimens).extracting(s -> s.getIdentifierFirstRep().getValue())
        .containsExactly("1000240011", "1000240012");
    assertThat(requests.get(0).getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.STAT);
    assertThat(requests.get(1).getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.ROUTINE);
    assertThat(requests.get(0).getNoteFirstRep().getText()).isEqualTo("Пациент получает варфарин.");
    assertThat(requests.get(0).getSpecimenFirstRep().getReference()).isEqualTo("Specimen/" + specimens.get(0)
        .getIdPart());
    assertThat(specimens.get(0).getRequestFirstRep().getReference()).isEqualTo("ServiceRequest/" + requests.get(0)
        .getIdPart());
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
      assertThat(r.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
    });
  }

  @Test
  void theOrderAndItsResultShareServiceRequestAndSpecimenIds() throws Exception {
    List<String> ordered = ids(sample("ORM-O01-ru-barcodes.hl7").resources());
    List<String> resulted = ids(sample("ORU-R01-ru-cbc-utf8.hl7").resources());

    assertThat(resulted).contains(ordered.get(1), ordered.get(2));
    assertThat(ordered.get(1)).startsWith("ServiceRequest/");
    assertThat(ordered.get(2)).startsWith("Specimen/");
    assertThat(ordered.get(0)).isEqualTo(resulted.get(0));
  }

  @Test
  void orderStatusFromOrc5ElseOrc1() throws Exception {
    String msh = "MSH|^~\\&|A|B|C|D|20240101||ORM^O01|1|P|2.5.1";
    String pid = "PID|1||1^^^X^MR";
    assertThat(status(msh, pid, "ORC|NW|P1^HIS|||CM")).isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);
    assertThat(status(msh, pid, "ORC|CA|P1^HIS")).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
    assertThat(status(msh, pid, "ORC|HD|P1^HIS")).isEqualTo(ServiceRequest.ServiceRequestStatus.ONHOLD);
    assertThat(status(msh, pid, "ORC|NW|P1^HIS")).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
  }

  private static ServiceRequest.ServiceRequestStatus status(String... segments) throws MappingException {
    return TestMessages.all(TestMessages.map(segments), ServiceRequest.class).get(0).getStatus();
  }

  private static List<String> ids(List<Resource> resources) {
    return resources.stream().map(r -> r.fhirType() + "/" + r.getIdPart()).toList();
  }
}
