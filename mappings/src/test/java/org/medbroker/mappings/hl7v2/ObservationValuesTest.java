package org.medbroker.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medbroker.mappings.hl7v2.TestMessages.all;
import static org.medbroker.mappings.hl7v2.TestMessages.observation;
import static org.medbroker.mappings.hl7v2.TestMessages.oru;
import static org.medbroker.mappings.hl7v2.TestMessages.oruError;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.TimeType;
import org.junit.jupiter.api.Test;

/** OBX-5 by OBX-2 value type. */
class ObservationValuesTest {

  @Test
  void numericValueBecomesQuantityWithUcumCodeWhenUnitIsUcum() throws Exception {
    Observation observation = observation(oru("OBX|1|NM|718-7^HGB^LN||108.0|g/L^г/л^UCUM|||||F"));

    Quantity quantity = observation.getValueQuantity();
    assertThat(quantity.getValueElement().getValueAsString()).isEqualTo("108.0");
    assertThat(quantity.getUnit()).isEqualTo("г/л");
    assertThat(quantity.getSystem()).isEqualTo("http://unitsofmeasure.org");
    assertThat(quantity.getCode()).isEqualTo("g/L");
  }

  @Test
  void numericValueKeepsUnitTextOnlyWhenUnitIsNotUcum() throws Exception {
    Observation observation = observation(oru("OBX|1|NM|4537-7^ESR^LN||28|мм/ч|||||F"));

    Quantity quantity = observation.getValueQuantity();
    assertThat(quantity.getValue()).isEqualByComparingTo("28");
    assertThat(quantity.getUnit()).isEqualTo("мм/ч");
    assertThat(quantity.hasSystem()).isFalse();
    assertThat(quantity.hasCode()).isFalse();
  }

  @Test
  void numericValueWithSignAndBareDecimalPoint() throws Exception {
    assertThat(observation(oru("OBX|1|NM|X^X^L||+.5||||||F")).getValueQuantity().getValue())
        .isEqualByComparingTo(new BigDecimal("0.5"));
    assertThat(observation(oru("OBX|1|NM|X^X^L||-2.||||||F")).getValueQuantity().getValue())
        .isEqualByComparingTo(new BigDecimal("-2"));
  }

  @Test
  void rejectsNumericValueThatIsNotANumber() {
    for (String value : new String[] {"4,5", "abc", "1e3", "5 mmol", "<5"}) {
      MappingException e = oruError("OBX|1|NM|X^X^L||1||||||F", "OBX|2|NM|Y^Y^L||" + value + "||||||F");
      assertThat(e.segment()).isEqualTo("OBX");
      assertThat(e.sequence()).isEqualTo(2);
      assertThat(e.field()).isEqualTo(5);
      assertThat(e.hl7ErrorCode()).isEqualTo("102");
      assertThat(e.getMessage()).startsWith("MB-0103:").doesNotContain(value);
    }
  }

  @Test
  void rejectsRepeatedNumericValue() {
    MappingException e = oruError("OBX|1|NM|X^X^L||60~120||||||F");
    assertThat(e.hl7ErrorCode()).isEqualTo("102");
    assertThat(e.getMessage()).startsWith("MB-0106:");
  }

  @Test
  void structuredNumericWithComparatorBecomesQuantityWithComparator() throws Exception {
    Quantity quantity = observation(oru("OBX|1|SN|1988-5^CRP^LN||<^0.6|mg/L|||||F")).getValueQuantity();
    assertThat(quantity.getComparator()).isEqualTo(Quantity.QuantityComparator.LESS_THAN);
    assertThat(quantity.getValue()).isEqualByComparingTo("0.6");
    assertThat(quantity.getCode()).isEqualTo("mg/L");

    assertThat(observation(oru("OBX|1|SN|X^X^L||>=^10||||||F")).getValueQuantity().getComparator())
        .isEqualTo(Quantity.QuantityComparator.GREATER_OR_EQUAL);
    assertThat(observation(oru("OBX|1|SN|X^X^L||=^10||||||F")).getValueQuantity().hasComparator()).isFalse();
  }

  @Test
  void structuredNumericRangeAndRatio() throws Exception {
    Range range = observation(oru("OBX|1|SN|5821-4^WBC sed^LN||^1^-^3|/[HPF]|||||F")).getValueRange();
    assertThat(range.getLow().getValue()).isEqualByComparingTo("1");
    assertThat(range.getHigh().getValue()).isEqualByComparingTo("3");
    assertThat(range.getLow().getCode()).isEqualTo("/[HPF]");

    Ratio ratio = observation(oru("OBX|1|SN|X^Titer^L||^1^:^64||||||F")).getValueRatio();
    assertThat(ratio.getNumerator().getValue()).isEqualByComparingTo("1");
    assertThat(ratio.getDenominator().getValue()).isEqualByComparingTo("64");
  }

  @Test
  void structuredNumericPlusAndNotEqualBecomeText() throws Exception {
    assertThat(observation(oru("OBX|1|SN|X^X^L||^2^+||||||F")).getValueStringType().getValue()).isEqualTo("2+");
    assertThat(observation(oru("OBX|1|SN|X^X^L||<>^5||||||F")).getValueStringType().getValue())
        .isEqualTo("<>5");
  }

  @Test
  void rejectsStructuredNumericWithTextWhereNumberBelongs() {
    MappingException e = oruError("OBX|1|SN|X^X^L||<^abc||||||F");
    assertThat(e.field()).isEqualTo(5);
    assertThat(e.hl7ErrorCode()).isEqualTo("102");
  }

  @Test
  void textValuesBecomeStrings() throws Exception {
    assertThat(observation(oru("OBX|1|ST|X^Color^L||соломенно-жёлтый||||||F")).getValueStringType().getValue())
        .isEqualTo("соломенно-жёлтый");
    assertThat(observation(oru("OBX|1|TX|X^Comment^L||line one~line two||||||F")).getValueStringType()
        .getValue()).isEqualTo("line one\nline two");
  }

  @Test
  void formattedTextTurnsLineBreakCommandsIntoNewlines() throws Exception {
    Observation observation = observation(
        oru("OBX|1|FT|X^Conclusion^L||First \\T\\ second.\\.br\\Third\\.sp2\\Fourth \\H\\bold\\N\\||||||F"));
    assertThat(observation.getValueStringType().getValue()).isEqualTo("First & second.\nThird\n\nFourth bold");
  }

  @Test
  void codedValuesBecomeCodeableConcepts() throws Exception {
    CodeableConcept ce = observation(oru("OBX|1|CE|5196-1^HBsAg^LN||NEG^Отрицательно^L||||||F"))
        .getValueCodeableConcept();
    assertThat(ce.getCodingFirstRep().getSystem()).isEqualTo("urn:medbroker:codesystem:L");
    assertThat(ce.getCodingFirstRep().getCode()).isEqualTo("NEG");
    assertThat(ce.getCodingFirstRep().getDisplay()).isEqualTo("Отрицательно");

    CodeableConcept cwe = observation(
        oru("OBX|1|CWE|X^X^L||260385009^Negative^SCT^NEG^Neg^99LAB^^^Original text||||||F"))
        .getValueCodeableConcept();
    assertThat(cwe.getCoding()).extracting("system", "code").containsExactly(
        org.assertj.core.groups.Tuple.tuple("http://snomed.info/sct", "260385009"),
        org.assertj.core.groups.Tuple.tuple("urn:medbroker:codesystem:99LAB", "NEG"));
    assertThat(cwe.getText()).isEqualTo("Original text");
  }

  @Test
  void hl7TableCodingsGetTheV2SystemOnlyForCodesTheTableDefines() throws Exception {
    assertThat(observation(oru("OBX|1|CWE|X^X^L||POS^Positive^HL70078||||||F")).getValueCodeableConcept()
        .getCodingFirstRep().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0078");
    assertThat(observation(oru("OBX|1|CWE|X^X^L||XYZ^Unknown^HL70078||||||F")).getValueCodeableConcept()
        .getCodingFirstRep().hasSystem()).isFalse();
  }

  @Test
  void encapsulatedDataBecomesDocumentReferenceWithDecodedContent() throws Exception {
    String pdf = java.util.Base64.getEncoder().encodeToString("%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII));
    MappingResult result = oru("OBX|1|ED|11502-2^Report^LN||LIS^AP^PDF^Base64^" + pdf + "||||||F|||20240315120000");

    assertThat(all(result, Observation.class)).isEmpty();
    DocumentReference document = all(result, DocumentReference.class).get(0);
    assertThat(document.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/pdf");
    assertThat(new String(document.getContentFirstRep().getAttachment().getData(), StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-1.4 test");
    assertThat(document.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.FINAL);
    assertThat(document.getContext().getRelatedFirstRep().getReference()).startsWith("ServiceRequest/");
  }

  @Test
  void encapsulatedDataContentTypes() {
    assertThat(ResultMapping.contentType("IM", "JPEG")).isEqualTo("image/jpeg");
    assertThat(ResultMapping.contentType("TEXT", "XML")).isEqualTo("text/xml");
    assertThat(ResultMapping.contentType("AP", "application/pdf")).isEqualTo("application/pdf");
    assertThat(ResultMapping.contentType("TEXT", null)).isEqualTo("text/plain");
    assertThat(ResultMapping.contentType("AP", "WHATEVER")).isEqualTo("application/octet-stream");
  }

  @Test
  void rejectsEncapsulatedDataThatIsNotTheDeclaredBase64() {
    MappingException e = oruError("OBX|1|ED|X^Report^L||LIS^AP^PDF^Base64^not*base64!||||||F");
    assertThat(e.field()).isEqualTo(5);
    assertThat(e.hl7ErrorCode()).isEqualTo("102");
    assertThat(e.getMessage()).startsWith("MB-0108:");
  }

  @Test
  void datesAndTimesKeepTheirPrecision() throws Exception {
    DateTimeType date = (DateTimeType) observation(oru("OBX|1|DT|8665-2^LMP^LN||20240301||||||F")).getValue();
    assertThat(date.getValueAsString()).isEqualTo("2024-03-01");
    DateTimeType timestamp = (DateTimeType) observation(oru("OBX|1|TS|X^X^L||202403270815||||||F")).getValue();
    assertThat(timestamp.getValueAsString()).isEqualTo("2024-03-27T08:15:00+03:00");
    TimeType time = (TimeType) observation(oru("OBX|1|TM|X^X^L||0815||||||F")).getValue();
    assertThat(time.getValue()).isEqualTo("08:15:00");
  }

  @Test
  void rejectsValueTypeOutsideTable0125() {
    MappingException e = oruError("OBX|1|QQ|X^X^L||abc||||||F");
    assertThat(e.field()).isEqualTo(2);
    assertThat(e.hl7ErrorCode()).isEqualTo("103");
  }

  @Test
  void emptyValueTypeIsReadAsString() throws Exception {
    assertThat(observation(oru("OBX|1||X^X^L||free text||||||F")).getValueStringType().getValue())
        .isEqualTo("free text");
  }

  @Test
  void emptyValueGivesNoValue() throws Exception {
    assertThat(observation(oru("OBX|1|NM|X^X^L||||||||I")).hasValue()).isFalse();
  }

  @Test
  void resultStatusFromObx11() throws Exception {
    String[][] cases = {{"F", "final"}, {"P", "preliminary"}, {"C", "corrected"}, {"X", "cancelled"},
        {"R", "registered"}, {"I", "registered"}, {"D", "entered-in-error"}, {"W", "entered-in-error"},
        {"", "unknown"}};
    for (String[] c : cases) {
      assertThat(observation(oru("OBX|1|NM|X^X^L||1||||||" + c[0])).getStatus().toCode()).as(c[0])
          .isEqualTo(c[1]);
    }
    MappingException e = oruError("OBX|1|NM|X^X^L||1||||||Q");
    assertThat(e.field()).isEqualTo(11);
    assertThat(e.hl7ErrorCode()).isEqualTo("103");
  }

  @Test
  void effectiveFromObx14ElseObr7AndIssuedFromObx19() throws Exception {
    Observation own = observation(oru("OBX|1|NM|X^X^L||1||||||F|||20240315110500+0300|||||20240315110600+0300"));
    assertThat(own.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-15T11:05:00+03:00");
    assertThat(own.getIssuedElement().getValueAsString()).isEqualTo("2024-03-15T11:06:00+03:00");

    Observation inherited = observation(oru("OBX|1|NM|X^X^L||1||||||F"));
    assertThat(inherited.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-03-15T08:20:00+03:00");
  }

  @Test
  void deviceAndPerformerAsDisplays() throws Exception {
    Observation observation = observation(
        oru("OBX|1|NM|X^X^L||1||||||F|||||1042^Петрова^Анна^Сергеевна||XN-1000^SYSMEX"));
    assertThat(observation.getDevice().getDisplay()).isEqualTo("XN-1000");
    assertThat(observation.getDevice().getIdentifier().getSystem()).isEqualTo("urn:medbroker:authority:SYSMEX");
    assertThat(observation.getPerformerFirstRep().getDisplay()).isEqualTo("Петрова Анна Сергеевна");
  }

  @Test
  void notesFollowingAnObxBecomeItsNotes() throws Exception {
    Observation observation = observation(oru("OBX|1|NM|X^X^L||1||||||F", "NTE|1||Повторное измерение."));
    assertThat(observation.getNoteFirstRep().getText()).isEqualTo("Повторное измерение.");
  }
}
