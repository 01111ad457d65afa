package org.medbroker.mappings.fhirtov2;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * ER7 text with the default delimiters {@code |^~\&}: escaping (v2.5.1 section 2.7) and the DTM/DT forms
 * of FHIR dates, keeping the precision and offset they were given.
 */
public final class V2Text {

    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'+0000'")
            .withZone(ZoneOffset.UTC);

    private V2Text() {}

    /** Escapes the default delimiters and line breaks of a value that goes into one component or subcomponent. */
    public static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\E\\");
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '&' -> out.append("\\T\\");
                case '~' -> out.append("\\R\\");
                case '\r' -> out.append("\\X0D\\");
                case '\n' -> out.append("\\X0A\\");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A FHIR date or dateTime as DTM: {@code 2024-06-27T13:54:07+03:00} is {@code 20240627135407+0300}, a
     * date {@code 1979-04-12} is {@code 19790412}; empty for null.
     */
    static String dateTime(BaseDateTimeType value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = value.getValueAsString();
        int t = text.indexOf('T');
        if (t < 0 || value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return (t < 0 ? text : text.substring(0, t)).replace("-", "");
        }
        String date = text.substring(0, t).replace("-", "");
        String rest = text.substring(t + 1);
        int zone = Math.max(Math.max(rest.indexOf('+'), rest.indexOf('-')), rest.indexOf('Z'));
        String time = (zone < 0 ? rest : rest.substring(0, zone)).replace(":", "");
        String offset = zone < 0 ? "" : rest.charAt(zone) == 'Z' ? "+0000" : rest.substring(zone).replace(":", "");
        return date + time + offset;
    }

    /** An instant as DTM to the second, in UTC. */
    static String dateTime(Instant instant) {
        return UTC_SECONDS.format(instant);
    }
}
