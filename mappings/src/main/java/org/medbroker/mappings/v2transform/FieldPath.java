package org.medbroker.mappings.v2transform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a message a transform acts, written as HL7 names positions: {@code PID-3} (the first repetition
 * of the field), {@code PID-3[*]} (every repetition), {@code PID-3[2]} (the second), {@code OBX-3.1} (a
 * component), {@code PID-3.4.1} (a subcomponent). Every segment with the id is affected.
 *
 * @param repetition {@link #ALL_REPETITIONS} or a repetition counted from 1
 * @param component  counted from 1; 0 for the whole field
 * @param subcomponent counted from 1; 0 for the whole component
 */
public record FieldPath(String segment, int field, int repetition, int component, int subcomponent) {

    public static final int ALL_REPETITIONS = 0;
    private static final Pattern SYNTAX = Pattern.compile("([A-Z][A-Z0-9]{2})-(\\d{1,3})(?:\\[(\\*|\\d{1,3})])?(?:\\.(\\d{1,3})(?:\\.(\\d{1,3}))?)?");

    /**
     * @throws IllegalArgumentException saying what is wrong, for the configuration error
     */
    public static FieldPath parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a field path such as PID-3, PID-3[*], OBX-3.1 or PID-3.4.1"
                    + " (segment id in capitals, then numbers from 1)");
        }
        int field = Integer.parseInt(m.group(2));
        int repetition = m.group(3) == null ? 1 : m.group(3).equals("*") ? ALL_REPETITIONS : Integer.parseInt(m.group(3));
        int component = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int subcomponent = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        if (field == 0 || m.group(3) != null && !m.group(3).equals("*") && repetition == 0 || m.group(4) != null && component == 0
                || m.group(5) != null && subcomponent == 0) {
            throw new IllegalArgumentException("'" + text + "': fields, repetitions and components count from 1");
        }
        return new FieldPath(m.group(1), field, repetition, component, subcomponent);
    }

    /** 1 for a field, 2 for a component, 3 for a subcomponent. */
    public int depth() {
        return subcomponent > 0 ? 3 : component > 0 ? 2 : 1;
    }

    public boolean isMsh(int n) {
        return segment.equals("MSH") && field == n;
    }

    @Override
    public String toString() {
        return segment + "-" + field + (repetition == 1 ? "" : repetition == ALL_REPETITIONS ? "[*]" : "[" + repetition + "]")
                + (component > 0 ? "." + component : "") + (subcomponent > 0 ? "." + subcomponent : "");
    }
}
