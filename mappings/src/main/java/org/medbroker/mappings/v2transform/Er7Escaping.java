package org.medbroker.mappings.v2transform;

/**
 * Moves ER7 text from one set of delimiters to another, keeping its meaning (HL7 v2.5.1 chapter 2.7,
 * "Use of escape sequences in text fields"): a delimiter of the source becomes the same delimiter of the
 * target; an escaped delimiter ({@code \F\ \S\ \R\ \E\ \T\ \P\}) becomes the literal character, escaped again
 * only when the target uses it as a delimiter; other escape sequences ({@code \H\}, {@code \X0D\},
 * {@code \.br\} ...) keep their content with the target's escape character; an escape character without
 * its closing one is a literal.
 */
public final class Er7Escaping {

    private Er7Escaping() {}

    /**
     * @throws IllegalArgumentException when a character must be escaped but the target declares no escape character
     */
    public static String translate(String raw, Separators from, Separators to) {
        if (from.equals(to)) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == from.escape() && from.escape() != 0) {
                int close = raw.indexOf(from.escape(), i + 1);
                if (close < 0) {
                    literal(c, to, out);
                    continue;
                }
                String sequence = raw.substring(i + 1, close);
                char delimiter = sequence.length() == 1 ? from.delimiter(sequence.charAt(0)) : 0;
                if (delimiter != 0) {
                    literal(delimiter, to, out);
                } else {
                    requireEscape(to);
                    out.append(to.escape()).append(sequence).append(to.escape());
                }
                i = close;
            } else if (c == from.field()) {
                out.append(to.field());
            } else if (c == from.component()) {
                out.append(to.component());
            } else if (c == from.repetition()) {
                out.append(to.repetition());
            } else if (c == from.subcomponent()) {
                out.append(to.subcomponent());
            } else {
                literal(c, to, out);
            }
        }
        return out.toString();
    }

    /** Plain text as ER7 with {@code separators}: every delimiter character escaped. */
    public static String escape(String plain, Separators separators) {
        StringBuilder out = new StringBuilder(plain.length() + 8);
        for (int i = 0; i < plain.length(); i++) {
            literal(plain.charAt(i), separators, out);
        }
        return out.toString();
    }

    private static void literal(char c, Separators to, StringBuilder out) {
        char letter = to.letterFor(c);
        if (letter == 0) {
            out.append(c);
            return;
        }
        requireEscape(to);
        out.append(to.escape()).append(letter).append(to.escape());
    }

    private static void requireEscape(Separators to) {
        if (to.escape() == 0) {
            throw new IllegalArgumentException("MB-0793: the message declares no escape character in MSH-2, so a delimiter "
                    + "in a value cannot be written");
        }
    }
}
