package org.medbroker.mappings.v2transform;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each rule kind on an ORU with two OBX, repetitions, escaping and character sets. */
class TransformChainTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    private static final String ORU = String.join("\r",
            "MSH|^~\\&|MEDBROKER|CLINIC-7|MIS|HOSP|20240315101500||ORU^R01^ORU_R01|MB1.ABCD|P|2.5.1|||AL|NE||UNICODE UTF-8",
            "PID|1||MRN-1^^^LAB^MR~SNILS-9^^^SNILS^SS||Иванова^Анна||19800214|F",
            "PV1|1|O" + "|".repeat(17) + "V-77",
            "OBR|1|ORD-1|S-1|58410-2^CBC^LN",
            "OBX|1|NM|WBC^Leukocytes^L||5.5|10*9/L",
            "NTE|1||comment",
            "OBX|2|NM|HGB^Hemoglobin^L||131|g/L",
            "ZXX|1|private") + "\r";

    private static String apply(String message, Transform... rules) throws TransformRejected {
        TransformChain.Encoded out = new TransformChain(List.of(rules), Optional.empty()).apply(message.getBytes(UTF_8), UTF_8);
        assertThat(out.charset()).isEqualTo(UTF_8);
        return new String(out.bytes(), UTF_8);
    }

    private static FieldPath path(String text) {
        return FieldPath.parse(text);
    }

    /** Field n of every segment with the id, in order. */
    private static List<String> fields(String message, String segment, int n) {
        String separator = String.valueOf(message.charAt(3));
        return Arrays.stream(message.split("\r")).filter(l -> l.startsWith(segment + separator))
                .map(l -> l.split(java.util.regex.Pattern.quote(separator), -1))
                .map(f -> {
                    int i = segment.equals("MSH") ? n - 1 : n;
                    return i < f.length ? f[i] : "";
                }).toList();
    }

    @Test
    void setWritesAConstantIntoEveryRepeatedSegmentAndTheFirstRepetition() throws Exception {
        String out = apply(ORU, new Transform.SetValue(path("PID-3.4"), "CLINIC"), new Transform.SetValue(path("OBX-11"), "F"));
        assertThat(fields(out, "PID", 3)).containsExactly("MRN-1^^^CLINIC^MR~SNILS-9^^^SNILS^SS");
        assertThat(fields(out, "OBX", 11)).containsExactly("F", "F");
        assertThat(fields(out, "OBX", 5)).containsExactly("5.5", "131");
    }

    @Test
    void everyRepetitionWithStarOneWithAnIndex() throws Exception {
        assertThat(fields(apply(ORU, new Transform.SetValue(path("PID-3[*].4"), "CLINIC")), "PID", 3))
                .containsExactly("MRN-1^^^CLINIC^MR~SNILS-9^^^CLINIC^SS");
        assertThat(fields(apply(ORU, new Transform.SetValue(path("PID-3[3].1"), "X")), "PID", 3))
                .containsExactly("MRN-1^^^LAB^MR~SNILS-9^^^SNILS^SS~X");
    }

    @Test
    void aValueWithComponentsFillsAWholeField() throws Exception {
        String out = apply(ORU, new Transform.SetValue(path("PV1-3"), "WARD-2^201^1"), new Transform.SetValue(path("PV1-19.2"), "A&B"));
        assertThat(fields(out, "PV1", 3)).containsExactly("WARD-2^201^1");
        assertThat(fields(out, "PV1", 19)).containsExactly("V-77^A&B");
    }

    @Test
    void copyWorksWithinEachSegmentOrFromTheFirstSourceSegment() throws Exception {
        String out = apply(ORU, new Transform.Copy(path("PID-3"), path("PID-2")), new Transform.Copy(path("OBX-3.1"), path("OBX-4")),
                new Transform.Copy(path("PV1-19"), path("OBR-20")));
        assertThat(fields(out, "PID", 2)).containsExactly("MRN-1^^^LAB^MR");
        assertThat(fields(out, "OBX", 4)).containsExactly("WBC", "HGB");
        assertThat(fields(out, "OBR", 20)).containsExactly("V-77");
        assertThat(apply(ORU, new Transform.Copy(path("ZZZ-1"), path("PID-2")))).isEqualTo(ORU);
    }

    @Test
    void copyCannotNestAFieldInsideAComponentNorTakeEveryRepetition() {
        assertThatThrownBy(() -> new Transform.Copy(path("PID-3"), path("PID-2.1"))).hasMessageContaining("inside a component");
        assertThatThrownBy(() -> new Transform.Copy(path("PID-3.4"), path("PID-2.1.1"))).hasMessageContaining("inside a subcomponent");
        assertThatThrownBy(() -> new Transform.Copy(path("PID-3[*]"), path("PID-2"))).hasMessageContaining("not [*]");
    }

    @Test
    void clearEmptiesAFieldAndRemoveSegmentsDropsEveryOne() throws Exception {
        String out = apply(ORU, new Transform.Clear(path("PV1-19")), new Transform.RemoveSegments(Set.of("NTE", "ZXX")));
        assertThat(fields(out, "PV1", 19)).containsExactly("");
        assertThat(out).doesNotContain("NTE|", "ZXX|").contains("OBX|1|", "OBX|2|").endsWith("g/L\r");
        assertThat(apply(ORU, new Transform.Clear(path("OBR-40")), new Transform.Clear(path("ZZZ-1")))).as("nothing to clear").isEqualTo(ORU);
    }

    @Test
    void mapReplacesCodesInEveryObxAndRejectsAnUnknownOne() throws Exception {
        Map<String, String> loinc = Map.of("WBC", "6690-2", "HGB", "718-7");
        String out = apply(ORU, new Transform.MapCodes(path("OBX-3.1"), loinc, Transform.Otherwise.REJECT, "table codes.tsv"));
        assertThat(fields(out, "OBX", 3)).containsExactly("6690-2^Leukocytes^L", "718-7^Hemoglobin^L");

        Transform partial = new Transform.MapCodes(path("OBX-3.1"), Map.of("WBC", "6690-2"), Transform.Otherwise.REJECT, "table codes.tsv");
        assertThatThrownBy(() -> apply(ORU, new Transform.Clear(path("PV1-19")), partial))
                .isInstanceOf(TransformRejected.class)
                .hasMessage("MB-0790: OBX-3.1 of OBX 2 is 'HGB', which table codes.tsv does not map (otherwise: reject); add it to"
                        + " the table or choose otherwise: keep [transform 2: map OBX-3.1 through table codes.tsv]");
    }

    @Test
    void mapKeepsOrClearsAnUnknownCodeAndCanRewriteAWholeCodedElement() throws Exception {
        assertThat(fields(apply(ORU, new Transform.MapCodes(path("OBX-3.1"), Map.of("WBC", "6690-2"), Transform.Otherwise.KEEP, "v")),
                "OBX", 3)).containsExactly("6690-2^Leukocytes^L", "HGB^Hemoglobin^L");
        assertThat(fields(apply(ORU, new Transform.MapCodes(path("OBX-3.1"), Map.of("WBC", "6690-2"), Transform.Otherwise.CLEAR, "v")),
                "OBX", 3)).containsExactly("6690-2^Leukocytes^L", "^Hemoglobin^L");
        assertThat(fields(apply(ORU, new Transform.MapCodes(path("OBX-3"), Map.of("WBC^Leukocytes^L", "6690-2^Leukocytes^LN"),
                Transform.Otherwise.KEEP, "v")), "OBX", 3)).containsExactly("6690-2^Leukocytes^LN", "HGB^Hemoglobin^L");
    }

    @Test
    void valuesAreEscapedWithTheMessagesOwnDelimiters() throws Exception {
        String odd = "MSH#@!%$#MEDBROKER#CLINIC#MIS#HOSP#20240315##ORU@R01#C1#P#2.5.1\rPID#1##M-1@@@LAB\rOBX#1#ST#A&B@Code#"
                + "#x\r";
        String out = apply(odd, new Transform.SetValue(path("PID-3.4"), "Smith \\T\\ Co"),
                new Transform.SetValue(path("PID-5"), "Doe^John"),
                new Transform.SetValue(path("PID-6"), "50% x@y"),
                new Transform.MapCodes(path("OBX-3.1"), Map.of("A\\T\\B", "C\\S\\D&E"), Transform.Otherwise.REJECT, "v"));
        assertThat(fields(out, "PID", 3)).containsExactly("M-1@@@Smith & Co");
        assertThat(fields(out, "PID", 5)).containsExactly("Doe@John");
        assertThat(fields(out, "PID", 6)).containsExactly("50%E% x%S%y");
        assertThat(fields(out, "MSH", 2)).containsExactly("@!%$");
        // the code A&B (a literal '&', \T\ in a table) matched; \S\ is a literal '^', no delimiter here
        assertThat(fields(out, "OBX", 3)).containsExactly("C^D$E@Code");
        assertThatThrownBy(() -> new Transform.MapCodes(path("OBX-3.1"), Map.of("A", "C^D"), Transform.Otherwise.KEEP, "v"))
                .hasMessageContaining("would split a component");
    }

    @Test
    void aLiteralDelimiterInAConstantIsEscaped() throws Exception {
        String out = apply(ORU, new Transform.SetValue(path("OBX-5"), "a\\F\\b\\R\\c\\E\\d"));
        assertThat(fields(out, "OBX", 5)).containsExactly("a\\F\\b\\R\\c\\E\\d", "a\\F\\b\\R\\c\\E\\d");
        assertThatThrownBy(() -> new Transform.SetValue(path("PID-3.4"), "A^B")).hasMessageContaining("would split a component");
        assertThatThrownBy(() -> new Transform.SetValue(path("PID-3.4.1"), "A&B")).hasMessageContaining("would split a subcomponent");
        assertThatThrownBy(() -> new Transform.SetValue(path("PID-3"), "A|B")).hasMessageContaining("\\F\\");
        assertThatThrownBy(() -> new Transform.SetValue(path("PID-3"), "A~B")).hasMessageContaining("\\R\\");
    }

    @Test
    void theBrokersMshFieldsAndTheMshSegmentCannotBeTransformed() {
        for (String protectedField : List.of("MSH-1", "MSH-2", "MSH-3", "MSH-4.1", "MSH-10", "MSH-18")) {
            assertThatThrownBy(() -> new Transform.Clear(path(protectedField))).hasMessageContaining("cannot be changed by a transform");
        }
        assertThatThrownBy(() -> new Transform.Copy(path("PID-3"), path("MSH-10"))).hasMessageContaining("cannot be changed");
        assertThatThrownBy(() -> new Transform.Copy(path("MSH-2"), path("PID-2"))).hasMessageContaining("delimiters");
        assertThatThrownBy(() -> new Transform.RemoveSegments(Set.of("MSH"))).hasMessageContaining("MSH segment");
        assertThatThrownBy(() -> new Transform.RemoveSegments(Set.of("nte"))).hasMessageContaining("not a segment id");
    }

    @Test
    void windows1251WritesCyrillicAsSingleBytesAndNamesItInMsh18() throws Exception {
        TransformChain chain = new TransformChain(List.of(), Optional.of(TransformChain.TargetCharset.of("windows-1251", "")));
        TransformChain.Encoded out = chain.apply(ORU.getBytes(UTF_8), UTF_8);
        assertThat(out.charset()).isEqualTo(CP1251);
        String text = new String(out.bytes(), CP1251);
        assertThat(fields(text, "MSH", 18)).containsExactly("CP1251");
        assertThat(fields(text, "PID", 5)).containsExactly("Иванова^Анна");
        assertThat(out.bytes()).contains((byte) 0xC8); // 'И' in windows-1251
        assertThat(text.replace("|CP1251", "|UNICODE UTF-8")).isEqualTo(ORU);
    }

    @Test
    void msh18UsesTable0211NamesAndIsAddedWhenMissing() throws Exception {
        String noMsh18 = "MSH|^~\\&|MEDBROKER|CLINIC|MIS|HOSP|20240315||ORU^R01|C1|P|2.5.1\rPID|1||M||Петров^Иван\r";
        TransformChain iso = new TransformChain(List.of(), Optional.of(TransformChain.TargetCharset.of("ISO-8859-5", "")));
        TransformChain.Encoded out = iso.apply(noMsh18.getBytes(CP1251), CP1251);
        String text = new String(out.bytes(), out.charset());
        assertThat(fields(text, "MSH", 18)).containsExactly("8859/5");
        assertThat(fields(text, "PID", 5)).containsExactly("Петров^Иван");
        assertThat(fields(text, "MSH", 12)).containsExactly("2.5.1");

        TransformChain utf8 = new TransformChain(List.of(), Optional.of(TransformChain.TargetCharset.of("UTF-8", "")));
        assertThat(fields(new String(utf8.apply(noMsh18.getBytes(CP1251), CP1251).bytes(), UTF_8), "MSH", 18))
                .containsExactly("UNICODE UTF-8");
        assertThat(TransformChain.TargetCharset.of("windows-1251", "WINDOWS-1251").msh18()).isEqualTo("WINDOWS-1251");
    }

    @Test
    void aCharacterTheTargetLacksRejectsTheMessageInsteadOfBecomingAQuestionMark() {
        String kazakh = ORU.replace("Анна", "Әсел");
        TransformChain chain = new TransformChain(List.of(), Optional.of(TransformChain.TargetCharset.of("windows-1251", "")));
        assertThatThrownBy(() -> chain.apply(kazakh.getBytes(UTF_8), UTF_8)).isInstanceOf(TransformRejected.class)
                .hasMessageStartingWith("MB-0791: PID-5 holds U+04D8 that windows-1251 cannot represent");
        // a constant the message's own character set lacks, without a charset rule
        TransformChain set = new TransformChain(List.of(new Transform.SetValue(path("PV1-3"), "Палата")), Optional.empty());
        String latin = ORU.replace("Иванова^Анна", "Ivanova^Anna");
        assertThatThrownBy(() -> set.apply(latin.getBytes(ISO_8859_1), ISO_8859_1)).hasMessageStartingWith("MB-0791: PV1-3 holds U+041F");
    }

    @Test
    void bytesThatAreNotTextInTheMessagesCharacterSetAreRejected() {
        byte[] bad = ORU.getBytes(UTF_8);
        bad[bad.length - 3] = (byte) 0xFF;
        TransformChain chain = new TransformChain(List.of(new Transform.Clear(path("PV1-19"))), Optional.empty());
        assertThatThrownBy(() -> chain.apply(bad, UTF_8)).hasMessageStartingWith("MB-0792");
    }

    @Test
    void noTransformsLeaveTheBytesAlone() throws Exception {
        byte[] raw = ORU.getBytes(UTF_8);
        assertThat(TransformChain.NONE.apply(raw, UTF_8).bytes()).isSameAs(raw);
    }

    @Test
    void onlyAsciiCompatibleCharacterSetsCarryEr7() {
        assertThatThrownBy(() -> TransformChain.TargetCharset.of("UTF-16", "")).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> TransformChain.TargetCharset.of("IBM037", "")).hasMessageContaining("ASCII");
        assertThatThrownBy(() -> TransformChain.TargetCharset.of("klingon", "")).hasMessageContaining("not a character set");
        assertThatThrownBy(() -> TransformChain.TargetCharset.of("x-IBM1006", "")).hasMessageContaining("0211");
    }

    @Test
    void codeTablesAreTabSeparatedWithComments() throws Exception {
        assertThat(CodeTable.read(new StringReader("# analyzer to LOINC\nWBC\t6690-2\n\nHGB\t718-7^Hemoglobin^LN\n")))
                .containsExactly(Map.entry("WBC", "6690-2"), Map.entry("HGB", "718-7^Hemoglobin^LN"));
        assertThatThrownBy(() -> CodeTable.read(new StringReader("WBC\t6690-2\nHGB 718-7\n"))).hasMessage(
                "line 2: expected 'code<TAB>replacement'");
        assertThatThrownBy(() -> CodeTable.read(new StringReader("WBC\t1\nWBC\t2\n"))).hasMessageContaining("appears twice");
    }
}
