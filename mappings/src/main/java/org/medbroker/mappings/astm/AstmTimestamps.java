package org.medbroker.mappings.astm;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

/** E1394 date and time (LIS2-A2 clause 6.6.2: {@code YYYYMMDD[HHMM[SS]]}, local time of the sender). */
final class AstmTimestamps {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private AstmTimestamps() {
    }

    /** The timestamp with its precision, in {@code zone}; empty when blank or not a date. */
    static Optional<DateTimeType> dateTime(String text, ZoneId zone) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("\\d{8}(\\d{4}(\\d{2})?)?")) {
            return Optional.empty();
        }
        TemporalPrecisionEnum precision = switch (t.length()) {
            case 8 -> TemporalPrecisionEnum.DAY;
            case 12 -> TemporalPrecisionEnum.MINUTE;
            default -> TemporalPrecisionEnum.SECOND;
        };
        String padded = (t + "000000").substring(0, 14);
        try {
            LocalDateTime local = LocalDateTime.parse(padded, SECONDS);
            if (precision == TemporalPrecisionEnum.DAY) {
                return Optional.of(new DateTimeType(t.substring(0, 4) + "-" + t.substring(4, 6) + "-" + t.substring(6, 8)));
            }
            Date instant = Date.from(local.atZone(zone).toInstant());
            return Optional.of(new DateTimeType(instant, precision, TimeZone.getTimeZone(zone)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A birth date (P.8): the date part only. */
    static Optional<DateType> date(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("\\d{8}.*")) {
            return Optional.empty();
        }
        try {
            java.time.LocalDate date = java.time.LocalDate.parse(t.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
            return Optional.of(new DateType(date.toString()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
