package org.medbroker.mappings.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;

class AstmToFhirMapperTest {

    private static final AstmToFhirMapper MAPPER = new AstmToFhirMapper(new AstmMappingOptions(ZoneId.of("UTC"),
            Map.of("P.3", "urn:oid:1.2.3")));
    private static final AnalyzerCodeMap XN = AnalyzerCodeMap.builtIn("hematology-xn").orElseThrow();

    private static AstmMessage parse(String... records) {
        ParseResult result = new E1394Parser(StandardCharsets.UTF_8, 100).parse(String.join("\r", records) + "\r");
        return ((ParseResult.Parsed) result).message();
    }

    private static final String[] CBC = {
        "H|\\^&|||XN^1||||||||E1394-97|20240101101010",
        "P|1|MRN-1|||Doe^Jane||19800101|F",
        "O|1|B-1||^^^^WBC|R",
        "R|1|^^^^WBC^1|12.5|10*3/uL|3.5 to 10.0|H||F||||20240101100000",
        "R|2|^^^^XYZ^1|pos|||A||F||||20240101100000",
        "L|1|N"};

    @Test
    void resultWithoutOrderIsPreliminaryLinkedToThePatientAndListed() {
        AstmMappingResult result = MAPPER.map(parse(CBC), XN, Map.of());
        Patient patient = (Patient) result.resources().get(0);
        assertThat(patient.getIdentifierFirstRep().getSystem()).isEqualTo("urn:oid:1.2.3");
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("MRN-1");
        Observation wbc = (Observation) result.resources().get(1);
        assertThat(wbc.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(wbc.getSubject().getReference()).isEqualTo("Patient/" + patient.getIdPart());
        assertThat(wbc.getCode().getCoding().get(0).getCode()).isEqualTo("6690-2");
        assertThat(wbc.getValueQuantity().getCode()).isEqualTo("10*3/uL");
        assertThat(wbc.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("10.0");
        assertThat(wbc.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        assertThat(result.resources()).noneMatch(r -> r instanceof DiagnosticReport);
        assertThat(result.unmatched()).extracting(UnmatchedResult::reason, UnmatchedResult::testCode).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(UnmatchedResult.Reason.NO_ORDER, "WBC"),
                org.assertj.core.groups.Tuple.tuple(UnmatchedResult.Reason.NO_ORDER, "XYZ"),
                org.assertj.core.groups.Tuple.tuple(UnmatchedResult.Reason.UNMAPPED_CODE, "XYZ"));
    }

    @Test
    void unknownCodeIsKeptUnderTheAnalyzersSystem() {
        AstmMappingResult result = MAPPER.map(parse(CBC), XN, Map.of());
        Observation xyz = (Observation) result.resources().get(2);
        assertThat(xyz.getCode().getCoding()).singleElement()
                .satisfies(c -> assertThat(c.getSystem()).isEqualTo("urn:medbroker:astm:hematology-xn:test"))
                .satisfies(c -> assertThat(c.getCode()).isEqualTo("XYZ"));
        assertThat(xyz.getValueStringType().getValue()).isEqualTo("pos");
        assertThat(xyz.getMeta().getTag(AstmToFhirMapper.REVIEW_TAG_SYSTEM, "unmapped-code")).isNotNull();
    }

    @Test
    void matchedOrderGivesItsPatientAndOneReport() {
        AstmMappingResult result = MAPPER.map(parse(CBC), XN,
                Map.of("B-1", new MatchedOrder("sr-1", "pat-9", "http://loinc.org", "58410-2", "CBC")));
        assertThat(result.resources()).noneMatch(r -> r instanceof Patient);
        DiagnosticReport report = (DiagnosticReport) result.resources().stream().filter(r -> r instanceof DiagnosticReport)
                .findFirst().orElseThrow();
        assertThat(report.getSubject().getReference()).isEqualTo("Patient/pat-9");
        assertThat(report.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/sr-1");
        assertThat(report.getResult()).hasSize(2);
        Observation wbc = (Observation) result.resources().get(0);
        assertThat(wbc.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(result.unmatched()).extracting(UnmatchedResult::reason).containsExactly(UnmatchedResult.Reason.UNMAPPED_CODE);
    }

    @Test
    void flagsComparatorsAndStatuses() {
        AstmMessage message = parse("H|\\^&|||CA||||||||E1394-97", "P|1", "O|1|S9",
                "R|1|^^^DDIMER|<0.19|ug/mL{FEU}|<0.50|<||C", "R|2|^^^PT|abc|s||LL\\HH||X", "L|1|N");
        AstmMappingResult result = MAPPER.map(message, AnalyzerCodeMap.builtIn("coagulation-ca").orElseThrow(),
                Map.of("S9", new MatchedOrder("sr", null, "", "", "")));
        Observation dd = (Observation) result.resources().get(0);
        assertThat(dd.getValueQuantity().getComparator()).isEqualTo(Quantity.QuantityComparator.LESS_THAN);
        assertThat(dd.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
        assertThat(dd.getReferenceRangeFirstRep().hasLow()).isFalse();
        assertThat(dd.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("0.50");
        Observation pt = (Observation) result.resources().get(1);
        assertThat(pt.getStatus()).isEqualTo(Observation.ObservationStatus.CANCELLED);
        assertThat(pt.getInterpretation()).extracting(c -> c.getCodingFirstRep().getCode()).containsExactly("LL", "HH");
        assertThat(result.resources()).filteredOn(r -> r instanceof Resource).hasSize(3);
    }

    @Test
    void specimenIdComponentPicksTheBarcodeOutOfSysmexRackAndTube() {
        AstmMessage sysmex = parse("H|\\^&|||XN", "P|1", "O|1|2^1^     000123^B", "R|1|^^^^WBC^1|5.0", "L|1|N");
        AstmToFhirMapper auto = new AstmToFhirMapper(AstmMappingOptions.defaults(ZoneId.of("UTC")));
        AstmToFhirMapper third = new AstmToFhirMapper(new AstmMappingOptions(ZoneId.of("UTC"), Map.of(), 3));
        assertThat(auto.specimenIds(sysmex)).containsExactly("2");
        assertThat(third.specimenIds(sysmex)).containsExactly("000123");
        AstmMappingOptions options = new AstmMappingOptions(ZoneId.of("UTC"), Map.of(), 0);
        assertThat(options.specimenId(java.util.List.of("PAT-1", "S-9"), true)).as("LIS2-A2 Q.3").isEqualTo("S-9");
        assertThat(options.specimenId(java.util.List.of("", "", "S-9"), false)).isEqualTo("S-9");
    }

    @Test
    void sameResultTwiceGivesTheSameIds() {
        assertThat(MAPPER.map(parse(CBC), XN, Map.of()).resources()).extracting(Resource::getId)
                .isEqualTo(MAPPER.map(parse(CBC), XN, Map.of()).resources().stream().map(Resource::getId).toList());
    }
}
