package org.medbroker.mappings.hl7v2;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.TimeType;

/**
 * An HL7 v2 DTM/TS/DT value, {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}, kept at the precision sent.
 *
 * <p>FHIR renders it as: year, year-month or date when the value stops there (an offset is then dropped: a FHIR
 * date carries none); otherwise a dateTime with seconds (FHIR has no hour or minute precision, so those are
 * padded with zeros) and fractional seconds as sent, with the offset sent or else the one {@code defaultZone}
 * has at that local time.
 */
record V2Timestamp(Precision precision, LocalDateTime local, String fraction, ZoneOffset offset) {

  enum Precision { YEAR, MONTH, DAY, HOUR, MINUTE, SECOND }

  private static final Pattern DTM = Pattern.compile(
      "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");
  private static final Pattern TM = Pattern.compile(
      "(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?([+-]\\d{4})?");

  /**
   * Parses a v2 timestamp.
   *
   * @return null for null
   * @throws IllegalArgumentException when malformed or not a calendar date/time
   */
  static V2Timestamp parse(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = DTM.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a DTM");
    }
    int year = Integer.parseInt(m.group(1));
    Precision precision = Precision.YEAR;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (m.group(2) != null) {
      month = Integer.parseInt(m.group(2));
      precision = Precision.MONTH;
    }
    if (m.group(3) != null) {
      day = Integer.parseInt(m.group(3));
      precision = Precision.DAY;
    }
    if (m.group(4) != null) {
      hour = Integer.parseInt(m.group(4));
      precision = Precision.HOUR;
    }
    if (m.group(5) != null) {
      minute = Integer.parseInt(m.group(5));
      precision = Precision.MINUTE;
    }
    if (m.group(6) != null) {
      second = Integer.parseInt(m.group(6));
      precision = Precision.SECOND;
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second);
      ZoneOffset offset = m.group(8) == null ? null : offset(m.group(8));
      return new V2Timestamp(precision, local, m.group(7), offset);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not a calendar date", e);
    }
  }

  private static ZoneOffset offset(String zzzz) {
    int sign = zzzz.charAt(0) == '-' ? -1 : 1;
    int hours = Integer.parseInt(zzzz.substring(1, 3));
    int minutes = Integer.parseInt(zzzz.substring(3, 5));
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  boolean hasTime() {
    return precision.compareTo(Precision.DAY) > 0;
  }

  /** FHIR dateTime at this precision. */
  DateTimeType toDateTime(ZoneId defaultZone) {
    return new DateTimeType(render(defaultZone));
  }

  /** FHIR date: the date part only (as sent, in the sender's local calendar). */
  DateType toDate() {
    return new DateType(switch (precision) {
      case YEAR -> String.format("%04d", local.getYear());
      case MONTH -> String.format("%04d-%02d", local.getYear(), local.getMonthValue());
      default -> String.format("%04d-%02d-%02d", local.getYear(), local.getMonthValue(), local.getDayOfMonth());
    });
  }

  /** FHIR instant, or null when the value has no time of day (an instant needs one). */
  InstantType toInstant(ZoneId defaultZone) {
    return hasTime() ? new InstantType(render(defaultZone)) : null;
  }

  String render(ZoneId defaultZone) {
    if (!hasTime()) {
      return toDate().getValueAsString();
    }
    StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
        local.getYear(), local.getMonthValue(), local.getDayOfMonth(),
        local.getHour(), local.getMinute(), local.getSecond()));
    if (fraction != null) {
      text.append('.').append(fraction);
    }
    ZoneOffset zone = offset != null ? offset : defaultZone.getRules().getOffset(local);
    text.append(zone.getTotalSeconds() == 0 ? "Z" : zone.getId());
    return text.toString();
  }

  /**
   * FHIR time from a v2 TM value ({@code HH[MM[SS[.S]]][+/-ZZZZ]}); FHIR time has no offset, so it is dropped.
   *
   * @throws IllegalArgumentException when malformed
   */
  static TimeType parseTime(String value) {
    Matcher m = TM.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a TM");
    }
    int hour = Integer.parseInt(m.group(1));
    int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (hour > 23 || minute > 59 || second > 59) {
      throw new IllegalArgumentException("not a time of day");
    }
    String text = String.format("%02d:%02d:%02d", hour, minute, second);
    return new TimeType(m.group(4) == null ? text : text + "." + m.group(4));
  }
}
