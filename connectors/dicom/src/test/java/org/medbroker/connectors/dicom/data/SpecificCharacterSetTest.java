package org.medbroker.connectors.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecificCharacterSetTest {

    private static final String IVANOV = "Иванов^Иван";
    /** И в а н о в ^ И в а н in ISO-8859-5. */
    private static final byte[] IVANOV_8859_5 = bytes(0xB8, 0xD2, 0xD0, 0xDD, 0xDE, 0xD2, '^', 0xB8, 0xD2, 0xD0, 0xDD);

    @Test
    void cyrillicInIsoIr144() {
        assertRoundTrip(new String[] {"ISO_IR 144"}, IVANOV, IVANOV_8859_5);
    }

    @Test
    void cyrillicInUtf8() {
        assertRoundTrip(new String[] {"ISO_IR 192"}, IVANOV, IVANOV.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cyrillicInIso2022Ir144NeedsNoEscapeBecauseItsG1IsInitiallyDesignated() {
        assertRoundTrip(new String[] {"ISO 2022 IR 144"}, IVANOV, IVANOV_8859_5);
    }

    @Test
    void cyrillicAsCodeExtensionDesignatesG1AgainAfterEachDelimiter() {
        byte[] expected = bytes(0x1B, '-', 'L', 0xB8, 0xD2, 0xD0, 0xDD, 0xDE, 0xD2, '^',
                0x1B, '-', 'L', 0xB8, 0xD2, 0xD0, 0xDD);
        assertRoundTrip(new String[] {"ISO 2022 IR 6", "ISO 2022 IR 144"}, IVANOV, expected);
    }

    @Test
    void japaneseExampleOfPs35AnnexH() {
        String name = "Yamada^Tarou=山田^太郎=やまだ^たろう";
        byte[] expected = bytes(0x59, 0x61, 0x6d, 0x61, 0x64, 0x61, 0x5e, 0x54, 0x61, 0x72, 0x6f, 0x75, 0x3d,
                0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42, 0x5e,
                0x1b, 0x24, 0x42, 0x42, 0x40, 0x4f, 0x3a, 0x1b, 0x28, 0x42, 0x3d,
                0x1b, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5e, 0x24, 0x40, 0x1b, 0x28, 0x42, 0x5e,
                0x1b, 0x24, 0x42, 0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26, 0x1b, 0x28, 0x42);
        assertRoundTrip(new String[] {"", "ISO 2022 IR 87"}, name, expected);
    }

    @Test
    void japaneseKatakanaAndKanjiOfPs35AnnexH2() {
        String name = "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう";
        byte[] expected = bytes(0xd4, 0xcf, 0xc0, 0xde, 0x5e, 0xc0, 0xdb, 0xb3, 0x3d,
                0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x4a, 0x5e,
                0x1b, 0x24, 0x42, 0x42, 0x40, 0x4f, 0x3a, 0x1b, 0x28, 0x4a, 0x3d,
                0x1b, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5e, 0x24, 0x40, 0x1b, 0x28, 0x4a, 0x5e,
                0x1b, 0x24, 0x42, 0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26, 0x1b, 0x28, 0x4a);
        assertRoundTrip(new String[] {"ISO 2022 IR 13", "ISO 2022 IR 87"}, name, expected);
    }

    @Test
    void koreanExampleOfPs35AnnexI() {
        String name = "Hong^Gildong=洪^吉洞=홍^길동";
        byte[] expected = bytes(0x48, 0x6f, 0x6e, 0x67, 0x5e, 0x47, 0x69, 0x6c, 0x64, 0x6f, 0x6e, 0x67, 0x3d,
                0x1b, 0x24, 0x29, 0x43, 0xfb, 0xf3, 0x5e, 0x1b, 0x24, 0x29, 0x43, 0xd1, 0xce, 0xd4, 0xd7, 0x3d,
                0x1b, 0x24, 0x29, 0x43, 0xc8, 0xab, 0x5e, 0x1b, 0x24, 0x29, 0x43, 0xb1, 0xe6, 0xb5, 0xbf);
        assertRoundTrip(new String[] {"", "ISO 2022 IR 149"}, name, expected);
    }

    @Test
    void jisX0212ThroughItsFourByteEscape() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("", "ISO 2022 IR 87", "ISO 2022 IR 159");
        String value = "A丂B"; // 丂 is in JIS X 0212 but not JIS X 0208
        byte[] encoded = cs.encode(value);
        assertThat(encoded).startsWith('A', 0x1B, '$', '(', 'D');
        assertThat(cs.decode(encoded, 0, encoded.length)).isEqualTo(value);
    }

    @Test
    void readsAnIsoIrTermMixedWithCodeExtensionsAsItsIso2022Form() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO_IR 100", "ISO 2022 IR 87");
        byte[] wire = bytes('M', 0xFC, 'l', 'l', 'e', 'r', '=', 0x1B, '$', 'B', 0x3B, 0x33, 0x1B, '(', 'B');
        assertThat(cs.decode(wire, 0, wire.length, true)).isEqualTo("Müller=山");
        assertThat(cs.encode("Müller=山", true)).containsExactly(wire);
    }

    @Test
    void backslashResetsToTheInitialSetBetweenValues() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO 2022 IR 6", "ISO 2022 IR 144");
        byte[] wire = bytes(0x1B, '-', 'L', 0xB8, '\\', 0xB8);
        // after the backslash G1 is undesignated again, so 0xB8 falls back to Latin-1
        assertThat(cs.decode(wire, 0, wire.length)).isEqualTo("И\\¸");
    }

    @ParameterizedTest
    @CsvSource({
        "ISO_IR 100, Ærøskøbing Müller",
        "ISO_IR 101, Łódź Dvořák",
        "ISO_IR 109, Ħal Ġermaniku",
        "ISO_IR 110, Ģirts Ņikitins",
        "ISO_IR 126, Παπαδόπουλος",
        "ISO_IR 127, قباني",
        "ISO_IR 138, שרון",
        "ISO_IR 148, Şahin Güneş",
        "ISO_IR 166, สมชาย",
        "ISO_IR 13, ﾔﾏﾀﾞ",
        "GB18030, 王^小东",
        "ISO 2022 IR 100, Ærøskøbing",
        "ISO 2022 IR 126, Παπαδόπουλος",
    })
    void singleByteAndChineseRepertoiresRoundTrip(String term, String value) {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf(term);
        byte[] encoded = cs.encode(value, true);
        assertThat(cs.decode(encoded, 0, encoded.length, true)).isEqualTo(value);
        if (!term.equals("GB18030")) {
            assertThat(encoded).hasSize(value.length());
        }
    }

    @Test
    void attributesDecodeAndEncodeWithTheirCharacterSet() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO 2022 IR 144");
        a.setString(Tag.PatientName, VR.PN, IVANOV);
        assertThat(a.getBytes(Tag.PatientName)).startsWith(IVANOV_8859_5).hasSize(12);
        PersonName pn = a.getPersonName(Tag.PatientName);
        assertThat(pn.alphabetic().familyName()).isEqualTo("Иванов");
        assertThat(pn.alphabetic().givenName()).isEqualTo("Иван");
        assertThat(SpecificCharacterSet.valueOf((String[]) null)).isSameAs(SpecificCharacterSet.DEFAULT);
    }

    @Test
    void charactersNoTermCanEncodeBecomeQuestionMarks() {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf("ISO 2022 IR 6", "ISO 2022 IR 144");
        assertThat(new String(cs.encode("a€b"), StandardCharsets.US_ASCII)).isEqualTo("a?b");
    }

    private static void assertRoundTrip(String[] terms, String value, byte[] expected) {
        SpecificCharacterSet cs = SpecificCharacterSet.valueOf(terms);
        assertThat(cs.encode(value, true)).containsExactly(expected);
        assertThat(cs.decode(expected, 0, expected.length, true)).isEqualTo(value);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
