package org.medbroker.mappings.fhirtov2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;
import org.medbroker.mappings.astm.AnalyzerCodeMap;
import org.medbroker.mappings.astm.AstmMappingOptions;
import org.medbroker.mappings.astm.AstmToFhirMapper;
import org.medbroker.mappings.astm.MatchedOrder;
import org.medbroker.mappings.hl7v2.Hl7v2Parser;
import org.medbroker.mappings.hl7v2.Hl7v2ToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.medbroker.mappings.hl7v2.MappingResult;
import org.medbroker.mappings.testing.R4Validator;

/**
 * The ORU^R01 read back by our own {@link Hl7v2ToFhirMapper} gives the Observations it was built from: the same
 * codes (LOINC and the analyzer's), values, units, reference ranges, flags, status and times; and for an order
 * that came by HL7 (Cyrillic name) the patient's identifiers, name, birth date and sex, the placer number and the
 * specimen.
 */
class OruR01RoundTripTest {

    private static final MappingOptions OPTIONS = MappingOptions.defaults().withDefaultZone(ZoneId.of("Europe/Moscow"));
    private static final Hl7v2ToFhirMapper INBOUND = new Hl7v2ToFhirMapper(OPTIONS);
    private static final OruR01Builder BUILDER = new OruR01Builder(OPTIONS);

    /** The golden bundles with a patient: results without one have no ORU (the builder refuses them, MB-0751). */
    static Stream<Arguments> samples() {
        Path directory = OruSamples.directory();
        return OruSamples.bundles().stream().filter(OruR01RoundTripTest::hasSubjects)
                .map(f -> Arguments.of(directory.relativize(f).toString().replace('\\', '/'), f));
    }

    private static boolean hasSubjects(Path bundle) {
        try {
            return OruSamples.hasSubjects(bundle);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void goldenResultsSurviveTheRoundTrip(String name, Path bundle) throws Exception {
        List<Resource> original = OruSamples.resources(bundle);
        MappingResult back = INBOUND.map(Hl7v2Parser.shared().parse(BUILDER.build(original, OruSamples.HEADER)));
        assertSameObservations(observations(original), observations(back.resources()));
        back.resources().forEach(R4Validator::assertValid);
    }

    @Test
    void anHl7OrderedPatientKeepsIdentifiersCyrillicNameAndSpecimen() throws Exception {
        String oml = String.join("\r",
                "MSH|^~\\&|MIS|CLINIC|LIS|LAB|20240320090512+0300||OML^O21^OML_O21|OML-1|P|2.5.1|||AL|NE||UNICODE UTF-8",
                "PID|1||MRN-77012^^^CLINIC^MR~12345678901^^^SNILS^SS||Иванова^Анна^Сергеевна||19790412|F",
                "ORC|NW|OML-1-1^MIS|||SC",
                "OBR|1|OML-1-1^MIS||58410-2^CBC panel - Blood by Automated count^LN|||20240320085500+0300",
                "SPM|1|100234&MIS||BLD^Blood^HL70487|||||||||||||20240320081000+0300");
        List<Resource> ordered = INBOUND.map(Hl7v2Parser.shared().parse(oml)).resources();
        Patient patient = only(ordered, Patient.class);
        ServiceRequest request = only(ordered, ServiceRequest.class);
        Specimen specimen = only(ordered, Specimen.class);

        String astm = String.join("\r",
                "H|\\^&|||XN-550^00-24^22723^^^^BD634545||||||||E1394-97",
                "P|1||MRN-77012||Ivanova^Anna||19790412|F",
                "O|1|100234||^^^^WBC\\^^^^HGB|||||||N||||||||||||||F",
                "R|1|^^^^WBC^1|11.8|10*3/uL|3.5 to 10.0|H||F||||20240627135407",
                "R|2|^^^^HGB^1|13.1|g/dL|11.7^15.5|N||F||||20240627135407",
                "L|1|N");
        ParseResult parsed = new E1394Parser(StandardCharsets.UTF_8, 1000).parse(astm.getBytes(StandardCharsets.UTF_8));
        AstmToFhirMapper mapper = new AstmToFhirMapper(AstmMappingOptions.defaults(ZoneId.of("Europe/Moscow")));
        var message = ((ParseResult.Parsed) parsed).message();
        assertThat(mapper.specimenIds(message)).containsExactly("100234");
        List<Resource> results = mapper.map(message, AnalyzerCodeMap.builtIn("hematology-xn").orElseThrow(),
                Map.of("100234", new MatchedOrder(request.getIdPart(), patient.getIdPart(), "http://loinc.org", "58410-2",
                        "CBC panel - Blood by Automated count"))).resources();
        List<Resource> set = new ArrayList<>(results);
        set.add(0, patient);
        set.add(request);
        set.add(specimen);

        String oru = BUILDER.build(set, OruSamples.HEADER);
        assertThat(oru).startsWith("MSH|^~\\&|MEDBROKER|MEDBROKER|||20240627110000+0000||ORU^R01^ORU_R01|MB1.TEST|P|2.5.1|")
                .contains("|UNICODE UTF-8\r")
                .contains("\rPID|1||MRN-77012^^^CLINIC^MR~12345678901^^^SNILS^SS||Иванова^Анна^Сергеевна||19790412|F\r")
                .contains("\rORC|RE|OML-1-1^MIS|100234^^urn:medbroker:astm:specimen-id:hematology-xn^URI\r")
                .contains("\rOBX|1|NM|6690-2^Leukocytes [#/volume] in Blood by Automated count^LN^WBC^^L||11.8|10*3/uL^10*3/uL^UCUM|3.5-10.0|H|||F|||20240627135407+0300||||XN-550\r")
                .contains("\rSPM|1|100234&MIS||BLD^Blood^HL70487|||||||||||||20240320081000+0300\r");

        MappingResult back = INBOUND.map(Hl7v2Parser.shared().parse(oru));
        Patient patientBack = only(back.resources(), Patient.class);
        assertThat(patientBack.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactlyElementsOf(patient.getIdentifier().stream().map(i -> org.assertj.core.groups.Tuple.tuple(i.getSystem(),
                        i.getValue())).toList());
        assertThat(patientBack.getNameFirstRep().getFamily()).isEqualTo("Иванова");
        assertThat(patientBack.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Анна Сергеевна");
        assertThat(patientBack.getBirthDateElement().getValueAsString()).isEqualTo("1979-04-12");
        assertThat(patientBack.getGender()).isEqualTo(patient.getGender());
        ServiceRequest requestBack = only(back.resources(), ServiceRequest.class);
        assertThat(requestBack.getIdentifier()).anySatisfy(i -> assertThat(i.getValue()).isEqualTo("OML-1-1"));
        assertThat(only(back.resources(), DiagnosticReport.class).getCode().getCodingFirstRep().getCode()).isEqualTo("58410-2");
        assertThat(only(back.resources(), Specimen.class).getIdentifier()).extracting(Identifier::getValue).contains("100234");
        assertSameObservations(observations(set), observations(back.resources()));
        back.resources().forEach(R4Validator::assertValid);
    }

    private static <T extends Resource> T only(List<Resource> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<Observation> observations(List<Resource> resources) {
        return resources.stream().filter(Observation.class::isInstance).map(Observation.class::cast).toList();
    }

    private static void assertSameObservations(List<Observation> expected, List<Observation> actual) {
        assertThat(actual).hasSameSizeAs(expected);
        Map<String, List<Observation>> byCode = actual.stream().collect(Collectors.groupingBy(OruR01RoundTripTest::codes,
                LinkedHashMap::new, Collectors.toList()));
        for (Observation want : expected) {
            List<Observation> candidates = byCode.get(codes(want));
            assertThat(candidates).as("an Observation coded %s", codes(want)).isNotEmpty();
            Observation got = candidates.remove(0);
            String what = codes(want);
            assertThat(got.getCode().getCodingFirstRep().getSystem()).as(what).isEqualTo(
                    want.getCode().getCodingFirstRep().getSystem().startsWith("urn:medbroker:astm:") ? "urn:medbroker:codesystem:L"
                            : want.getCode().getCodingFirstRep().getSystem());
            assertThat(got.getStatus()).as(what).isEqualTo(want.getStatus());
            assertThat(got.getEffectiveDateTimeType().getValueAsString()).as(what)
                    .isEqualTo(want.getEffectiveDateTimeType().getValueAsString());
            if (want.getValue() instanceof Quantity q) {
                Quantity g = got.getValueQuantity();
                assertThat(g.getValue()).as(what).isEqualByComparingTo(q.getValue());
                assertThat(g.getUnit()).as(what).isEqualTo(q.getUnit());
                assertThat(g.getCode()).as(what).isEqualTo(q.getCode());
                assertThat(g.getSystem()).as(what).isEqualTo(q.getSystem());
                assertThat(g.getComparator()).as(what).isEqualTo(q.getComparator());
            } else if (want.hasValue()) {
                assertThat(got.getValue().primitiveValue()).as(what).isEqualTo(want.getValue().primitiveValue());
            } else {
                assertThat(got.hasValue()).as(what).isFalse();
            }
            assertThat(got.getReferenceRange()).as(what).hasSameSizeAs(want.getReferenceRange());
            if (want.hasReferenceRange()) {
                assertSameRange(what, want.getReferenceRangeFirstRep(), got.getReferenceRangeFirstRep());
            }
            assertThat(got.getInterpretation()).as(what).extracting(c -> c.getCodingFirstRep().getCode() + "/" + c.getText())
                    .containsExactlyElementsOf(want.getInterpretation().stream().map(c -> c.getCodingFirstRep().getCode() + "/" + c.getText())
                            .toList());
        }
    }

    private static void assertSameRange(String what, ObservationReferenceRangeComponent want, ObservationReferenceRangeComponent got) {
        assertThat(got.hasLow()).as(what).isEqualTo(want.hasLow());
        assertThat(got.hasHigh()).as(what).isEqualTo(want.hasHigh());
        if (want.hasLow()) {
            assertThat(got.getLow().getValue()).as(what).isEqualByComparingTo(want.getLow().getValue());
            assertThat(got.getLow().getCode()).as(what).isEqualTo(want.getLow().getCode());
        }
        if (want.hasHigh()) {
            assertThat(got.getHigh().getValue()).as(what).isEqualByComparingTo(want.getHigh().getValue());
            assertThat(got.getHigh().getCode()).as(what).isEqualTo(want.getHigh().getCode());
        }
        assertThat(got.getText()).as(what).isEqualTo(want.getText());
    }

    private static String codes(Observation observation) {
        return observation.getCode().getCoding().stream().map(Coding::getCode).collect(Collectors.joining("+"));
    }
}
