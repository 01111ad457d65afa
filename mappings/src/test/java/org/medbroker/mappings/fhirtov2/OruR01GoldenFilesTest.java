package org.medbroker.mappings.fhirtov2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@code samples/astm}: the golden FHIR of each ASTM sample ({@code X.fhir.json}) gives the ORU^R01 in
 * {@code X.oru.hl7}; results without any patient have none (the builder refuses them). Expected files change only with {@code -Dmedbroker.golden.regenerate=true}; review the diff.
 */
class OruR01GoldenFilesTest {

    static final String REGENERATE = "medbroker.golden.regenerate";

    static Stream<Arguments> samples() {
        Path directory = OruSamples.directory();
        return OruSamples.bundles().stream().map(f -> Arguments.of(directory.relativize(f).toString().replace('\\', '/'), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void buildsTheOruTheGoldenFileSays(String name, Path bundle) throws IOException {
        Path expected = OruSamples.oruFile(bundle);
        if (!OruSamples.hasSubjects(bundle)) {
            assertThatThrownBy(() -> OruR01Builder.withDefaults().build(OruSamples.resources(bundle), OruSamples.HEADER))
                    .hasMessageStartingWith("MB-0751");
            assertThat(expected).as("results without a patient have no ORU").doesNotExist();
            return;
        }
        String actual = OruR01Builder.withDefaults().build(OruSamples.resources(bundle), OruSamples.HEADER).replace('\r', '\n');
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            Assumptions.abort("regenerated " + expected.getFileName());
        }
        assertThat(expected).as("%s has no golden ORU; run with -D%s=true and review it", name, REGENERATE).exists();
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, name);
    }
}
