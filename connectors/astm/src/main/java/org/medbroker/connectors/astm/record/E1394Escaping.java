package org.medbroker.connectors.astm.record;

/**
 * Escape sequences of LIS2-A2 clause 7.1.5, written with the escape delimiter {@code E} (usually
 * {@code &}): {@code EFE} field, {@code ESE} component, {@code ERE} repeat, {@code EEE} escape.
 * Other sequences (for example {@code &Xhh&} or device-specific ones) are kept as they are.
 */
public final class E1394Escaping {

    private E1394Escaping() {
    }

    /** Replaces escape sequences in one field component by the delimiters they stand for. */
    public static String decode(String value, Delimiters d) {
        char e = d.escape();
        if (value.indexOf(e) < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char ch = value.charAt(i);
            if (ch == e && i + 2 < value.length() && value.charAt(i + 2) == e) {
                char replacement = switch (value.charAt(i + 1)) {
                    case 'F' -> d.field();
                    case 'S' -> d.component();
                    case 'R' -> d.repeat();
                    case 'E' -> e;
                    default -> 0;
                };
                if (replacement != 0) {
                    sb.append(replacement);
                    i += 3;
                    continue;
                }
            }
            sb.append(ch);
            i++;
        }
        return sb.toString();
    }

    /** Writes delimiters inside a component value as escape sequences. */
    public static String encode(String value, Delimiters d) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        char e = d.escape();
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == e) {
                sb.append(e).append('E').append(e);
            } else if (ch == d.field()) {
                sb.append(e).append('F').append(e);
            } else if (ch == d.component()) {
                sb.append(e).append('S').append(e);
            } else if (ch == d.repeat()) {
                sb.append(e).append('R').append(e);
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
