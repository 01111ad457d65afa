package org.medbroker.connectors.astm.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbroker.connectors.astm.record.AstmRecord.Result;

class E1394ParserTest {

    private static final String MESSAGE = String.join("\r",
            "H|\\^&|||XN-550^00-24^22723|||||||P|E1394-97|20240627135500",
            "C|1|I|message note|G",
            "P|1|PR-7|LAB-9|37182|Brown^Jim^K||19870626|M",
            "C|1|I|patient note|G",
            "O|1|S-123^1^7|INS-5|^^^^WBC\\^^^^RBC|R||||||N||||||||||||||F",
            "C|1|I|order note|G",
            "R|1|^^^^WBC^1|8.13|10*3/uL|4.0 - 10.0^REF|N||F||||20240627135407|XN^1",
            "C|1|I|result note^second|G",
            "R|2|^^^^SCAT|PNG&R&2024&R&a&F&b&S&c&E&d|||N||F",
            "Q|1|^SID-1||^^^ALL||||||||O",
            "M|1|HISTOGRAM|RBC",
            "S|1|x",
            "L|1|N", "");

    private static AstmMessage parse(String text) {
        ParseResult result = new E1394Parser().parse(text);
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    private static ParseError error(String text) {
        ParseResult result = new E1394Parser().parse(text);
        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).error();
    }

    @Test
    void buildsTheHierarchyWithKeyFields() {
        AstmMessage m = parse(MESSAGE);

        assertThat(m.header().delimiters()).isEqualTo(Delimiters.DEFAULT);
        assertThat(m.header().sender().component(0)).isEqualTo("XN-550");
        assertThat(m.header().processingId()).isEqualTo("P");
        assertThat(m.header().version()).isEqualTo("E1394-97");
        assertThat(m.header().timestamp()).isEqualTo("20240627135500");
        assertThat(m.comments()).extracting(c -> c.text().first()).containsExactly("message note");

        AstmMessage.PatientGroup p = m.patients().get(0);
        assertThat(p.patient().practicePatientId()).isEqualTo("PR-7");
        assertThat(p.patient().laboratoryPatientId()).isEqualTo("LAB-9");
        assertThat(p.patient().patientId3()).isEqualTo("37182");
        assertThat(p.patient().name()).isEqualTo(new AstmRecord.PatientName("Brown", "Jim", "K", "", ""));
        assertThat(p.patient().birthDate()).isEqualTo("19870626");
        assertThat(p.patient().sex()).isEqualTo("M");
        assertThat(p.comments()).extracting(c -> c.text().first()).containsExactly("patient note");

        AstmMessage.OrderGroup o = p.orders().get(0);
        assertThat(o.order().specimenId().first()).isEqualTo("S-123");
        assertThat(o.order().instrumentSpecimenId().first()).isEqualTo("INS-5");
        assertThat(o.order().tests()).extracting(UniversalTestId::code).containsExactly("WBC", "RBC");
        assertThat(o.order().priority()).isEqualTo("R");
        assertThat(o.order().actionCode()).isEqualTo("N");
        assertThat(o.order().reportType()).isEqualTo("F");
        assertThat(o.comments()).extracting(c -> c.text().first()).containsExactly("order note");

        Result wbc = o.results().get(0).result();
        assertThat(wbc.test().code()).isEqualTo("WBC");
        assertThat(wbc.value()).isEqualTo("8.13");
        assertThat(wbc.units()).isEqualTo("10*3/uL");
        assertThat(wbc.referenceRange()).isEqualTo("4.0 - 10.0");
        assertThat(wbc.abnormalFlags()).isEqualTo("N");
        assertThat(wbc.status()).isEqualTo("F");
        assertThat(wbc.completedAt()).isEqualTo("20240627135407");
        assertThat(wbc.instrumentId()).isEqualTo("XN");
        assertThat(o.results().get(0).comments().get(0).text().component(1)).isEqualTo("second");

        assertThat(m.queries().get(0).startingRange().component(1)).isEqualTo("SID-1");
        assertThat(m.queries().get(0).tests()).extracting(UniversalTestId::code).containsExactly("ALL");
        assertThat(m.queries().get(0).statusCode()).isEqualTo("O");
        assertThat(m.manufacturerRecords()).hasSize(1);
        assertThat(m.scientificRecords()).hasSize(1);
        assertThat(m.terminator().code()).isEqualTo("N");
    }

    @Test
    void decodesEscapeSequencesAfterSplitting() {
        assertThat(parse(MESSAGE).result("SCAT").value()).isEqualTo("PNG\\2024\\a|b^c&d");
    }

    @Test
    void escapingRoundTrips() {
        String value = "a|b^c\\d&e&F&";
        String encoded = E1394Escaping.encode(value, Delimiters.DEFAULT);
        assertThat(encoded).isEqualTo("a&F&b&S&c&R&d&E&e&E&F&E&");
        assertThat(E1394Escaping.decode(encoded, Delimiters.DEFAULT)).isEqualTo(value);
        assertThat(E1394Escaping.decode("&X0D&&.br&", Delimiters.DEFAULT)).isEqualTo("&X0D&&.br&");
    }

    @Test
    void readsDelimitersFromTheHeader() {
        AstmMessage m = parse("H!~$%!!!Sender$X\rP!1!!ID-1\rO!1!S$1\rR!1!$$$GLU!5.5%R%x!mmol/L\rL!1!N\r");

        assertThat(m.header().delimiters()).isEqualTo(new Delimiters('!', '~', '$', '%'));
        assertThat(m.header().sender().component(1)).isEqualTo("X");
        assertThat(m.result("GLU").value()).isEqualTo("5.5~x");
    }

    @Test
    void writerRoundTripsRecords() {
        AstmMessage m = parse(MESSAGE);
        List<RawRecord> raws = new java.util.ArrayList<>();
        raws.add(m.header().raw());
        raws.add(m.patients().get(0).patient().raw());
        raws.add(m.patients().get(0).orders().get(0).order().raw());
        m.results().forEach(r -> raws.add(r.raw()));
        raws.add(m.terminator().raw());

        byte[] written = E1394Writer.write(raws, Delimiters.DEFAULT, StandardCharsets.ISO_8859_1);
        AstmMessage again = parse(new String(written, StandardCharsets.ISO_8859_1));

        assertThat(again.header().raw().fields()).isEqualTo(m.header().raw().fields());
        assertThat(again.results()).extracting(r -> r.raw().fields())
                .containsExactlyElementsOf(m.results().stream().map(r -> r.raw().fields()).toList());
        assertThat(again.result("SCAT").value()).isEqualTo("PNG\\2024\\a|b^c&d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"windows-1251", "UTF-8"})
    void decodesCyrillicNamesWithTheDeviceCharset(String charsetName) {
        Charset charset = Charset.forName(charsetName);
        String text = "H|\\^&\rP|1||||Иванов^Пётр\rO|1|1\rR|1|^^^WBC|5.0\rL|1|N\r";

        ParseResult result = new E1394Parser(charset, 100).parse(text.getBytes(charset));

        AstmMessage m = ((ParseResult.Parsed) result).message();
        assertThat(m.patients().get(0).patient().name().last()).isEqualTo("Иванов");
        assertThat(m.patients().get(0).patient().name().first()).isEqualTo("Пётр");
    }

    @Test
    void acceptsLineFeedsAndBlankLinesBetweenRecords() {
        assertThat(parse("H|\\^&\r\nP|1\n\nO|1\r\nR|1|^^^X|1\r\nL|1|N\r\n").results()).hasSize(1);
    }

    @Test
    void reportsTypedErrorsWithRecordAndFieldButNoContent() {
        assertThat(error("")).extracting(ParseError::code).isEqualTo(ParseError.Code.EMPTY_MESSAGE);
        assertThat(error("P|1|Secret\rL|1\r"))
                .isEqualTo(new ParseError(ParseError.Code.MISSING_HEADER, 1, 'P', null));
        assertThat(error("H|||&|Secret\rL|1\r"))
                .isEqualTo(new ParseError(ParseError.Code.INVALID_DELIMITERS, 1, 'H', "H.2"));
        assertThat(error("H|\\^&\rP|1||Secret\rR|1|^^^WBC|8.13\rL|1|N\r"))
                .isEqualTo(new ParseError(ParseError.Code.OUT_OF_ORDER, 3, 'R', null));
        assertThat(error("H|\\^&\rP|one|Secret\rL|1|N\r"))
                .isEqualTo(new ParseError(ParseError.Code.INVALID_SEQUENCE_NUMBER, 2, 'P', "P.2"));
        assertThat(error("H|\\^&\rX|1|Secret\rL|1|N\r"))
                .isEqualTo(new ParseError(ParseError.Code.UNKNOWN_RECORD_TYPE, 2, 'X', null));
        assertThat(error("H|\\^&\rP|1|Secret\r"))
                .isEqualTo(new ParseError(ParseError.Code.MISSING_TERMINATOR, 2, 'P', null));
        assertThat(error("H|\\^&\rL|1|N\rP|1|Secret\r"))
                .isEqualTo(new ParseError(ParseError.Code.RECORD_AFTER_TERMINATOR, 3, 'P', null));
        assertThat(new E1394Parser(StandardCharsets.ISO_8859_1, 2).parse("H|\\^&\rP|1\rL|1\r"))
                .isEqualTo(new ParseResult.Failed(new ParseError(ParseError.Code.TOO_MANY_RECORDS, 3, 'L', null)));

        ParseError e = error("H|\\^&\rP|1||Secret^Name\rR|1|^^^WBC|8.13\rL|1|N\r");
        assertThat(e.message()).isEqualTo("MB-0706: record 3 (R): record is not allowed here by the E1394 hierarchy (O needs P, R needs O)")
                .doesNotContain("Secret", "8.13", "WBC");
    }

    @Test
    void toStringOfRecordsHidesContent() {
        AstmMessage m = parse(MESSAGE);
        assertThat(m.toString()).doesNotContain("Jim", "Brown", "37182", "19870626", "8.13", "S-123");
    }
}
