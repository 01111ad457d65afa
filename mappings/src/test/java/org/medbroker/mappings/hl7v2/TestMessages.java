package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.model.Message;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/** Builds small messages for unit tests: segments are joined with CR. */
final class TestMessages {
  static final MappingOptions OPTIONS = MappingOptions.defaults().withDefaultZone(ZoneId.of("Europe/Moscow"));
  static final Hl7v2ToFhirMapper MAPPER = new Hl7v2ToFhirMapper(OPTIONS);

  static final String MSH_ORU = "MSH|^~\\&|LIS|LAB|HIS|HOSP|20240315143210+0300||ORU^R01^ORU_R01|T1|P|2.5.1";
  static final String PID = "PID|1||100234^^^GKB1^MR||Иванова^Мария^Петровна^^^^L||19850314|F";
  static final String OBR = "OBR|1|ORD-1^HIS|L-1^LIS|58410-2^CBC^LN|||20240315082000+0300|||||||||||||||||HM|F";

  private TestMessages() {
  }

  static Message parse(String... segments) {
    try {
      return Hl7v2Parser.shared().parse(String.join("\r", segments));
    } catch (Hl7v2ParseException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static MappingResult map(String... segments) throws MappingException {
    return MAPPER.map(parse(segments));
  }

  /** An ORU^R01 with the standard MSH, PID and OBR and the given OBX (and other) segments. */
  static MappingResult oru(String... tail) throws MappingException {
    return map(concat(new String[] {MSH_ORU, PID, OBR}, tail));
  }

  static MappingException oruError(String... tail) {
    return error(concat(new String[] {MSH_ORU, PID, OBR}, tail));
  }

  static MappingException error(String... segments) {
    Message message = parse(segments);
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> {
      try {
        MAPPER.map(message);
      } catch (MappingException e) {
        thrown[0] = e;
        throw e;
      }
    }).isInstanceOf(MappingException.class);
    return (MappingException) thrown[0];
  }

  static <T extends Resource> List<T> all(MappingResult result, Class<T> type) {
    return result.resources().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  static Observation observation(MappingResult result) {
    List<Observation> observations = all(result, Observation.class);
    if (observations.size() != 1) {
      throw new AssertionError("expected one Observation, got " + observations.size());
    }
    return observations.get(0);
  }

  static Patient patient(MappingResult result) {
    return all(result, Patient.class).get(0);
  }

  static DiagnosticReport report(MappingResult result) {
    return all(result, DiagnosticReport.class).get(0);
  }

  static String[] concat(String[] head, String[] tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
