package org.medbroker.mappings.v2transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {

    @Test
    void aFieldMeansItsFirstRepetition() {
        assertThat(FieldPath.parse("PID-3")).isEqualTo(new FieldPath("PID", 3, 1, 0, 0));
        assertThat(FieldPath.parse("PID-3").depth()).isEqualTo(1);
    }

    @Test
    void readsEveryRepetitionOneRepetitionComponentsAndSubcomponents() {
        assertThat(FieldPath.parse("PID-3[*]")).isEqualTo(new FieldPath("PID", 3, FieldPath.ALL_REPETITIONS, 0, 0));
        assertThat(FieldPath.parse("OBX-3.1")).isEqualTo(new FieldPath("OBX", 3, 1, 1, 0));
        assertThat(FieldPath.parse("PID-3[2].4.1")).isEqualTo(new FieldPath("PID", 3, 2, 4, 1));
        assertThat(FieldPath.parse(" ZXX-12.3 ").depth()).isEqualTo(2);
        assertThat(FieldPath.parse("PID-3[2].4.1").depth()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID-3", "PID-3[*]", "PID-3[2]", "OBX-3.1", "PID-3[*].4.1", "Z01-2"})
    void printsAsWritten(String text) {
        assertThat(FieldPath.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pid-3", "PID3", "PID-", "PI-3", "PID-3.", "PID-3.1.1.1", "PID-3[x]", "PID-3[]", "PID-3.4[*]",
            "PID-1234", "MSH-9^1", ""})
    void rejectsWhatIsNotAPath(String text) {
        assertThatThrownBy(() -> FieldPath.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a field path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PID-0", "PID-3.0", "PID-3.1.0", "PID-3[0]"})
    void positionsCountFromOne(String text) {
        assertThatThrownBy(() -> FieldPath.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count from 1");
    }
}
