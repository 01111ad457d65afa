package org.medbroker.engine.store.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;

class DateRangeTest {

    @Test
    void yearMonthAndDayCoverTheirWholeCalendarUnitInUtc() {
        assertThat(DateRange.of(new DateTimeType("2024"))).isEqualTo(range("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"));
        assertThat(DateRange.of(new DateTimeType("2024-02"))).isEqualTo(range("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"));
        assertThat(DateRange.of(new DateType("2024-12-31"))).isEqualTo(range("2024-12-31T00:00:00Z", "2025-01-01T00:00:00Z"));
    }

    @Test
    void timesCoverTheirSecondOrMillisecondAtTheirOffset() {
        assertThat(DateRange.of(new DateTimeType("2024-03-05T10:15:30+03:00")))
                .isEqualTo(range("2024-03-05T07:15:30Z", "2024-03-05T07:15:31Z"));
        assertThat(DateRange.of(new InstantType("2024-03-05T10:15:30.250Z")))
                .isEqualTo(range("2024-03-05T10:15:30.250Z", "2024-03-05T10:15:30.251Z"));
    }

    @Test
    void periodsReachFromTheStartOfTheirStartToTheEndOfTheirEnd() {
        Period period = new Period().setStartElement(new DateTimeType("2024-03-05")).setEndElement(new DateTimeType("2024-03-07"));
        assertThat(DateRange.of(period)).contains(range("2024-03-05T00:00:00Z", "2024-03-08T00:00:00Z"));
        assertThat(DateRange.of(new Period().setStartElement(new DateTimeType("2024-03-05"))))
                .contains(new DateRange(Instant.parse("2024-03-05T00:00:00Z"), DateRange.MAX));
        assertThat(DateRange.of(new Period())).isEmpty();
    }

    @Test
    void refusesEmptyAndBackwardRanges() {
        assertThatThrownBy(() -> DateRange.of(new DateTimeType())).hasMessageStartingWith("MB-0503");
        assertThatThrownBy(() -> range("2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z")).hasMessageStartingWith("MB-0502");
    }

    private static DateRange range(String low, String high) {
        return new DateRange(Instant.parse(low), Instant.parse(high));
    }
}
