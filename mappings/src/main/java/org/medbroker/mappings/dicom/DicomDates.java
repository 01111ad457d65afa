package org.medbroker.mappings.dicom;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;

/**
 * DICOM DA ({@code YYYYMMDD}, and the ACR-NEMA {@code YYYY.MM.DD}) and TM ({@code HH[MM[SS[.F{1,6}]]]}, and
 * {@code HH:MM:SS}) to FHIR dates. DICOM times carry no offset: they are read in the site's zone. Values that do not
 * parse give null, so a modality's bad date never blocks storing its images.
 */
final class DicomDates {

  private DicomDates() {
  }

  static DateType date(String da) {
    LocalDate date = localDate(da);
    return date == null ? null : new DateType(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
  }

  static DateTimeType dateTime(String da, String tm, ZoneId zone) {
    LocalDate date = localDate(da);
    if (date == null) {
      return null;
    }
    TimeOfDay time = time(tm);
    if (time == null) {
      return new DateTimeType(date.toString());
    }
    Date instant = Date.from(date.atTime(time.value()).atZone(zone).toInstant());
    return new DateTimeType(instant, time.precision(), TimeZone.getTimeZone(zone));
  }

  private record TimeOfDay(LocalTime value, TemporalPrecisionEnum precision) {
  }

  static LocalDate localDate(String da) {
    if (da == null) {
      return null;
    }
    String digits = da.trim().replace(".", "");
    if (digits.length() != 8 || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    try {
      return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
          Integer.parseInt(digits.substring(6, 8)));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static TimeOfDay time(String tm) {
    if (tm == null) {
      return null;
    }
    String value = tm.trim().replace(":", "");
    String whole = value.contains(".") ? value.substring(0, value.indexOf('.')) : value;
    String fraction = value.contains(".") ? value.substring(value.indexOf('.') + 1) : "";
    if (whole.length() < 2 || whole.length() > 6 || whole.length() % 2 != 0 || !whole.chars().allMatch(Character::isDigit)
        || !fraction.chars().allMatch(Character::isDigit) || fraction.length() > 6) {
      return null;
    }
    try {
      int hour = Integer.parseInt(whole.substring(0, 2));
      int minute = whole.length() >= 4 ? Integer.parseInt(whole.substring(2, 4)) : 0;
      int second = whole.length() == 6 ? Integer.parseInt(whole.substring(4, 6)) : 0;
      int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000;
      TemporalPrecisionEnum precision = !fraction.isEmpty() ? TemporalPrecisionEnum.MILLI
          : TemporalPrecisionEnum.SECOND;
      return new TimeOfDay(LocalTime.of(hour, minute, second, nanos), precision);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
