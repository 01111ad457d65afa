package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.hl7v2.model.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.mappings.testing.Hl7Samples;
import org.medbroker.mappings.testing.R4Validator;

/**
 * Walks {@code samples/hl7}: each {@code X.hl7} maps to the Bundle in {@code X.fhir.json} (every resource valid
 * FHIR R4), or is rejected as {@code X.error.txt} says. Expected files change only when the test runs with
 * {@code -Dmedbroker.golden.regenerate=true}; review the diff before committing.
 */
class GoldenFilesTest {
  static final String REGENERATE = "medbroker.golden.regenerate";
  /** The options every golden file was made with. */
  static final MappingOptions OPTIONS = MappingOptions.defaults().withDefaultZone(ZoneId.of("Europe/Moscow"));

  private static final Hl7v2ToFhirMapper MAPPER = new Hl7v2ToFhirMapper(OPTIONS);
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  static Stream<Arguments> samples() {
    Path directory = Hl7Samples.directory();
    return Hl7Samples.all().stream()
        .map(file -> Arguments.of(directory.relativize(file).toString().replace('\\', '/'), file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void mapsAsTheGoldenFileSays(String name, Path file) throws IOException {
    String base = file.getFileName().toString().replaceAll("\\.hl7$", "");
    Path json = file.resolveSibling(base + ".fhir.json");
    Path error = file.resolveSibling(base + ".error.txt");
    String er7 = Hl7Samples.read(file);
    Outcome outcome = run(er7);
    Path expected = outcome.failed() ? error : json;
    Path stale = outcome.failed() ? json : error;
    if (Boolean.getBoolean(REGENERATE)) {
      Files.writeString(expected, outcome.text(), StandardCharsets.UTF_8);
      Files.deleteIfExists(stale);
      Assumptions.abort("regenerated " + expected.getFileName());
    }
    assertThat(stale).as("%s: expected %s, but the mapping %s", name, stale.getFileName(),
        outcome.failed() ? "failed" : "succeeded").doesNotExist();
    assertThat(expected).as("%s has no golden file; run with -D%s=true and review it", name, REGENERATE)
        .exists();
    assertEquals(Files.readString(expected, StandardCharsets.UTF_8), outcome.text(), name);
  }

  @Test
  void everySampleHasOneGoldenFile() throws IOException {
    for (Path file : Hl7Samples.all()) {
      String base = file.getFileName().toString().replaceAll("\\.hl7$", "");
      boolean json = Files.exists(file.resolveSibling(base + ".fhir.json"));
      boolean error = Files.exists(file.resolveSibling(base + ".error.txt"));
      assertThat(json ^ error).as("exactly one golden file beside %s", file).isTrue();
    }
    try (Stream<Path> files = Files.walk(Hl7Samples.directory())) {
      files.filter(f -> f.toString().endsWith(".fhir.json") || f.toString().endsWith(".error.txt"))
          .forEach(f -> assertThat(f.resolveSibling(f.getFileName().toString()
              .replaceAll("\\.(fhir\\.json|error\\.txt)$", ".hl7"))).as("sample for %s", f).exists());
    }
  }

  record Outcome(boolean failed, String text) {
  }

  /** Parses, maps and validates; the golden text is the Bundle JSON or the error description. */
  static Outcome run(String er7) {
    Message message;
    try {
      message = Hl7v2Parser.shared().parse(er7);
    } catch (Hl7v2ParseException e) {
      return new Outcome(true, "Hl7v2ParseException\ncode: " + e.hl7ErrorCode() + "\nmessage: "
          + e.getMessage() + "\n");
    }
    try {
      MappingResult result = MAPPER.map(message);
      Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
      for (Resource resource : result.resources()) {
        R4Validator.assertValid(resource);
        bundle.addEntry().setResource(resource);
      }
      return new Outcome(false, FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle) + "\n");
    } catch (MappingException e) {
      return new Outcome(true, e.getClass().getSimpleName() + "\nsegment: " + e.segment() + "\nsequence: "
          + e.sequence() + "\nfield: " + e.field() + "\ncode: " + e.hl7ErrorCode() + "\nmessage: "
          + e.getMessage() + "\n");
    }
  }
}
