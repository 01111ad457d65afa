package org.medbroker.mappings.v2transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** HL7 v2.5.1 2.7: escape sequences between messages with different delimiters. */
class Er7EscapingTest {

    /** {@code MSH#@!%$}: component @, repetition !, escape %, subcomponent $. */
    private static final Separators ODD = Separators.of("MSH#@!%$#APP");

    @Test
    void readsTheDelimitersFromMsh1AndMsh2() {
        assertThat(Separators.of("MSH|^~\\&|LIS")).isEqualTo(Separators.STANDARD);
        assertThat(ODD).isEqualTo(new Separators('#', '@', '!', '%', '$', (char) 0));
        assertThat(Separators.of("MSH|^~\\&#|LIS").truncation()).isEqualTo('#');
        assertThat(Separators.of("MSH|^~|LIS").escape()).isEqualTo((char) 0);
        assertThatThrownBy(() -> Separators.of("PID|1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void delimitersBecomeTheTargetsDelimiters() {
        assertThat(Er7Escaping.translate("A^B&C~D", Separators.STANDARD, ODD)).isEqualTo("A@B$C!D");
        assertThat(Er7Escaping.translate("A@B$C!D", ODD, Separators.STANDARD)).isEqualTo("A^B&C~D");
    }

    @Test
    void escapedDelimitersStayLiteralCharacters() {
        // \T\ is a literal '&': in ODD '&' is no delimiter, so it is written as is.
        assertThat(Er7Escaping.translate("Smith \\T\\ Co", Separators.STANDARD, ODD)).isEqualTo("Smith & Co");
        assertThat(Er7Escaping.translate("\\F\\\\S\\\\R\\\\E\\", Separators.STANDARD, ODD)).isEqualTo("|^~\\");
        // and back: a literal '&' in ODD text must be escaped in the standard delimiters.
        assertThat(Er7Escaping.translate("Smith & Co", ODD, Separators.STANDARD)).isEqualTo("Smith \\T\\ Co");
    }

    @Test
    void aLiteralThatIsATargetDelimiterIsEscapedWithTheTargetsEscape() {
        assertThat(Er7Escaping.translate("x@y$z%w!v#u", Separators.STANDARD, ODD)).isEqualTo("x%S%y%T%z%E%w%R%v%F%u");
        assertThat(Er7Escaping.escape("a|b^c~d\\e&f", Separators.STANDARD)).isEqualTo("a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f");
    }

    @Test
    void otherEscapeSequencesKeepTheirContentWithTheTargetsEscapeCharacter() {
        assertThat(Er7Escaping.translate("\\H\\bold\\N\\ line\\.br\\two \\X0D0A\\ \\C2842\\", Separators.STANDARD, ODD))
                .isEqualTo("%H%bold%N% line%.br%two %X0D0A% %C2842%");
    }

    @Test
    void anEscapeWithoutItsClosingOneIsALiteral() {
        assertThat(Er7Escaping.translate("C:\\temp", Separators.STANDARD, ODD)).isEqualTo("C:\\temp");
        assertThat(Er7Escaping.translate("50%", ODD, Separators.STANDARD)).isEqualTo("50%");
        assertThat(Er7Escaping.translate("C:\\temp a/b", Separators.STANDARD, Separators.of("MSH|^~/&|"))).isEqualTo("C:\\temp a/E/b");
    }

    @Test
    void theTruncationCharacterOfV27IsEscapedAsP() {
        Separators v27 = Separators.of("MSH|^~\\&#|LIS");
        assertThat(Er7Escaping.translate("No. #5", Separators.STANDARD, v27)).isEqualTo("No. \\P\\5");
        assertThat(Er7Escaping.translate("No. \\P\\5", v27, Separators.STANDARD)).isEqualTo("No. #5");
    }

    @Test
    void sameDelimitersLeaveTheTextAlone() {
        assertThat(Er7Escaping.translate("a\\T\\b^c\\Xzz", Separators.STANDARD, Separators.STANDARD)).isEqualTo("a\\T\\b^c\\Xzz");
    }

    @Test
    void aDelimiterCannotBeWrittenWithoutAnEscapeCharacter() {
        Separators noEscape = Separators.of("MSH|^~|LIS");
        assertThatThrownBy(() -> Er7Escaping.translate("A\\S\\B", Separators.STANDARD, noEscape))
                .hasMessageStartingWith("MB-0793");
        assertThat(Er7Escaping.translate("A^B", Separators.STANDARD, noEscape)).isEqualTo("A^B");
        assertThatThrownBy(() -> Er7Escaping.escape("A|B", noEscape)).hasMessageStartingWith("MB-0793");
    }
}
