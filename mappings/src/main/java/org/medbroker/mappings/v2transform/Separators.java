package org.medbroker.mappings.v2transform;

/**
 * A message's delimiters: MSH-1 and the encoding characters of MSH-2 (component, repetition, escape,
 * subcomponent and, from v2.7, truncation). {@code 0} marks an encoding character the message does not declare.
 */
public record Separators(char field, char component, char repetition, char escape, char subcomponent, char truncation) {

    /** {@code |^~\&}, the notation transform values and code tables are written in. */
    public static final Separators STANDARD = new Separators('|', '^', '~', '\\', '&', (char) 0);

    /**
     * Read from the start of an MSH segment.
     *
     * @throws IllegalArgumentException when the text does not start with MSH and a field separator
     */
    public static Separators of(String msh) {
        if (msh.length() < 4 || !msh.startsWith("MSH")) {
            throw new IllegalArgumentException("the message does not start with MSH");
        }
        char field = msh.charAt(3);
        int end = msh.indexOf(field, 4);
        String encoding = end < 0 ? msh.substring(4) : msh.substring(4, end);
        return new Separators(field, at(encoding, 0), at(encoding, 1), at(encoding, 2), at(encoding, 3), at(encoding, 4));
    }

    private static char at(String encoding, int index) {
        return index < encoding.length() ? encoding.charAt(index) : 0;
    }

    /** The delimiter an escape sequence {@code \F\ \S\ \R\ \E\ \T\ \P\} stands for, or 0 for any other letter. */
    char delimiter(char letter) {
        return switch (letter) {
            case 'F' -> field;
            case 'S' -> component;
            case 'R' -> repetition;
            case 'E' -> escape;
            case 'T' -> subcomponent;
            case 'P' -> truncation;
            default -> 0;
        };
    }

    /** The escape letter for a delimiter of this message, or 0 when {@code c} is not one. */
    char letterFor(char c) {
        if (c == 0) {
            return 0;
        }
        if (c == field) {
            return 'F';
        }
        if (c == component) {
            return 'S';
        }
        if (c == repetition) {
            return 'R';
        }
        if (c == escape) {
            return 'E';
        }
        if (c == subcomponent) {
            return 'T';
        }
        return c == truncation ? 'P' : 0;
    }
}
