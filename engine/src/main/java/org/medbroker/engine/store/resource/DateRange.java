package org.medbroker.engine.store.resource;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Period;

/**
 * The half-open range {@code [low, high)} that a FHIR date, dateTime, instant or Period covers at
 * its precision: {@code 2024-03} is all of March, {@code 2024-03-05T10:15} one minute. Values
 * without a time (year, month, day precision) are read as UTC calendar dates, in the index and in
 * searches alike.
 */
public record DateRange(Instant low, Instant high) {

    /** Stands for an open start, e.g. a Period without start. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** Stands for an open end, e.g. a Period without end. */
    public static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    public DateRange {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        if (!low.isBefore(high)) {
            throw new IllegalArgumentException("MB-0502: a date range must end after it starts");
        }
    }

    /** The range a date, dateTime or instant covers at its own precision. */
    public static DateRange of(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            throw new IllegalArgumentException("MB-0503: a date value is empty; give a date such as 2024-03-05");
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        switch (precision) {
            case YEAR:
            case MONTH:
            case DAY:
                return ofCalendarDate(value.getValueAsString(), precision);
            case MINUTE:
                return ofInstant(value.getValue().toInstant(), ChronoUnit.MINUTES);
            case SECOND:
                return ofInstant(value.getValue().toInstant(), ChronoUnit.SECONDS);
            default:
                return ofInstant(value.getValue().toInstant(), ChronoUnit.MILLIS);
        }
    }

    /** The range a Period covers; an open side reaches {@link #MIN} or {@link #MAX}; empty for an empty Period. */
    public static Optional<DateRange> of(Period period) {
        if (period == null || (!period.hasStart() && !period.hasEnd())) {
            return Optional.empty();
        }
        Instant low = period.hasStart() ? of(period.getStartElement()).low() : MIN;
        Instant high = period.hasEnd() ? of(period.getEndElement()).high() : MAX;
        if (!low.isBefore(high)) {
            return Optional.empty();
        }
        return Optional.of(new DateRange(low, high));
    }

    /** The millisecond an instant falls in. */
    public static DateRange ofInstant(Instant instant) {
        return ofInstant(instant, ChronoUnit.MILLIS);
    }

    private static DateRange ofInstant(Instant instant, ChronoUnit unit) {
        Instant low = instant.truncatedTo(unit);
        return new DateRange(low, low.plus(1, unit));
    }

    private static DateRange ofCalendarDate(String text, TemporalPrecisionEnum precision) {
        int year = Integer.parseInt(text.substring(0, 4));
        LocalDate start;
        LocalDate end;
        if (precision == TemporalPrecisionEnum.YEAR) {
            start = LocalDate.of(year, 1, 1);
            end = start.plusYears(1);
        } else if (precision == TemporalPrecisionEnum.MONTH) {
            start = LocalDate.of(year, Integer.parseInt(text.substring(5, 7)), 1);
            end = start.plusMonths(1);
        } else {
            start = LocalDate.of(year, Integer.parseInt(text.substring(5, 7)), Integer.parseInt(text.substring(8, 10)));
            end = start.plusDays(1);
        }
        return new DateRange(start.atStartOfDay(ZoneOffset.UTC).toInstant(), end.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
