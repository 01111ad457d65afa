package org.medbroker.connectors.astm.record;

import java.util.Optional;

/**
 * The four delimiters of an E1394 message, declared by the header record (LIS2-A2 clause 7.1.1 and
 * H.2): the field delimiter is the character right after {@code H}, then repeat, component and escape.
 *
 * <pre>
 *   H | \ ^ &amp; | ...
 *     F R C E
 * </pre>
 */
public record Delimiters(char field, char repeat, char component, char escape) {

    /** {@code |\^&}, what almost every instrument sends. */
    public static final Delimiters DEFAULT = new Delimiters('|', '\\', '^', '&');

    /** The delimiters declared by a header line, or empty when they are missing, repeated or alphanumeric. */
    public static Optional<Delimiters> fromHeader(String headerLine) {
        if (headerLine.length() < 5 || headerLine.charAt(0) != 'H') {
            return Optional.empty();
        }
        char f = headerLine.charAt(1);
        char r = headerLine.charAt(2);
        char c = headerLine.charAt(3);
        char e = headerLine.charAt(4);
        if (!usable(f) || !usable(r) || !usable(c) || !usable(e)
                || f == r || f == c || f == e || r == c || r == e || c == e) {
            return Optional.empty();
        }
        if (headerLine.length() > 5 && headerLine.charAt(5) != f) {
            return Optional.empty();
        }
        return Optional.of(new Delimiters(f, r, c, e));
    }

    /** H.2 as written: repeat, component, escape. */
    public String definition() {
        return "" + repeat + component + escape;
    }

    private static boolean usable(char ch) {
        return ch > ' ' && ch < 0x7F && !Character.isLetterOrDigit(ch);
    }
}
