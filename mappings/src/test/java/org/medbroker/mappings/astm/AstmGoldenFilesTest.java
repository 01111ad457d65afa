package org.medbroker.mappings.astm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
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
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;
import org.medbroker.mappings.testing.R4Validator;

/**
 * Walks {@code samples/astm}: each {@code X.astm}, mapped with the code map its directory names and the
 * orders in {@code X.orders.tsv}, gives the Bundle in {@code X.fhir.json}, every resource valid FHIR R4.
 * Expected files change only with {@code -Dmedbroker.golden.regenerate=true}; review the diff.
 */
class AstmGoldenFilesTest {

    static final String REGENERATE = "medbroker.golden.regenerate";
    static final AstmToFhirMapper MAPPER = new AstmToFhirMapper(AstmMappingOptions.defaults(ZoneId.of("Europe/Moscow")));
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static Stream<Arguments> samples() {
        Path directory = AstmSamples.directory();
        return AstmSamples.all().stream().map(f -> Arguments.of(directory.relativize(f).toString().replace('\\', '/'), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void mapsAsTheGoldenFileSays(String name, Path file) throws IOException {
        Path expected = file.resolveSibling(file.getFileName().toString().replaceAll("\\.astm$", ".fhir.json"));
        String actual = run(file);
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            Assumptions.abort("regenerated " + expected.getFileName());
        }
        assertThat(expected).as("%s has no golden file; run with -D%s=true and review it", name, REGENERATE).exists();
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, name);
    }

    @Test
    void everyDirectoryIsABuiltInCodeMap() {
        for (Path file : AstmSamples.all()) {
            assertThat(AnalyzerCodeMap.builtIn(AstmSamples.codeMapName(file))).as("code map for %s", file).isPresent();
        }
    }

    static String run(Path file) throws IOException {
        ParseResult parsed = new E1394Parser(StandardCharsets.UTF_8, 10_000).parse(AstmSamples.records(file));
        assertThat(parsed).as("%s parses", file).isInstanceOf(ParseResult.Parsed.class);
        AnalyzerCodeMap codes = AnalyzerCodeMap.builtIn(AstmSamples.codeMapName(file)).orElseThrow();
        AstmMappingResult result = MAPPER.map(((ParseResult.Parsed) parsed).message(), codes, AstmSamples.orders(file));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource resource : result.resources()) {
            R4Validator.assertValid(resource);
            bundle.addEntry().setResource(resource);
        }
        return FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle) + "\n";
    }
}
