package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.medbroker.mappings.testing.Hl7Samples;

/** One mapper and even one parsed message may be used by several threads; the message is only read. */
class ConcurrentMappingTest {

  @Test
  void mapsTheSameMessageFromSeveralThreadsWithoutChangingIt() throws Exception {
    Message message = Hl7v2Parser.shared().parse(Hl7Samples.read("ORU-R01-value-types.hl7"));
    String before = message.encode();
    String expected = json(TestMessages.MAPPER.map(message));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        results.add(pool.submit(() -> json(TestMessages.MAPPER.map(message))));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(message.encode()).isEqualTo(before);
  }

  private static String json(MappingResult result) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    result.resources().forEach(r -> bundle.addEntry().setResource(r));
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(bundle);
  }
}
