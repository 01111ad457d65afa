package org.medbroker.connectors.hl7.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MSH segment of an HL7 v2 message, read from the raw bytes without parsing the rest.
 *
 * <p>Field numbers are the standard's: {@code field(3)} is MSH-3 Sending Application. MSH-1 is the
 * field separator itself and MSH-2 the encoding characters. The tokens are what follows
 * {@code MSH<sep>}, so token 0 is MSH-2 and MSH-n is token n-2.
 */
public final class MshHeader {

    private final char fieldSeparator;
    private final String encodingCharacters;
    private final List<String> tokens;

    private MshHeader(char fieldSeparator, String encodingCharacters, List<String> tokens) {
        this.fieldSeparator = fieldSeparator;
        this.encodingCharacters = encodingCharacters;
        this.tokens = tokens;
    }

    /**
     * Reads the MSH segment at the start of {@code message} (leading CR/LF/blanks skipped), decoding
     * field text with {@code charset}. Empty when the bytes do not start with a readable MSH.
     */
    public static Optional<MshHeader> read(byte[] message, Charset charset) {
        int start = 0;
        while (start < message.length && (message[start] == '\r' || message[start] == '\n' || message[start] == ' ')) {
            start++;
        }
        if (message.length - start < 8 || message[start] != 'M' || message[start + 1] != 'S' || message[start + 2] != 'H') {
            return Optional.empty();
        }
        byte separator = message[start + 3];
        if (separator == '\r' || separator == '\n' || Character.isLetterOrDigit(separator)) {
            return Optional.empty();
        }
        int end = start;
        while (end < message.length && message[end] != '\r' && message[end] != '\n') {
            end++;
        }
        List<String> tokens = new ArrayList<>(20);
        int fieldStart = start + 4;
        for (int i = fieldStart; i <= end; i++) {
            if (i == end || message[i] == separator) {
                tokens.add(new String(message, fieldStart, i - fieldStart, charset));
                fieldStart = i + 1;
            }
        }
        String encoding = tokens.get(0);
        if (encoding.length() < 3) {
            return Optional.empty();
        }
        return Optional.of(new MshHeader((char) separator, encoding, tokens));
    }

    /** Reads MSH-18 alone, as ASCII, to learn the character set before decoding anything else. */
    public static Optional<String> characterSet(byte[] message) {
        return read(message, StandardCharsets.ISO_8859_1).map(h -> h.component(18, 1));
    }

    /** MSH-n as written (components still joined); empty string when absent. */
    public String field(int n) {
        if (n == 1) {
            return String.valueOf(fieldSeparator);
        }
        int index = n - 2;
        return index >= 0 && index < tokens.size() ? tokens.get(index) : "";
    }

    /** Component {@code c} (1-based) of the first repetition of MSH-n. */
    public String component(int n, int c) {
        String field = field(n);
        int repetitionEnd = field.indexOf(repetitionSeparator());
        if (repetitionEnd >= 0) {
            field = field.substring(0, repetitionEnd);
        }
        String[] components = field.split(java.util.regex.Pattern.quote(String.valueOf(componentSeparator())), -1);
        return c <= components.length ? components[c - 1] : "";
    }

    public char fieldSeparator() {
        return fieldSeparator;
    }

    public String encodingCharacters() {
        return encodingCharacters;
    }

    public char componentSeparator() {
        return encodingCharacters.charAt(0);
    }

    public char repetitionSeparator() {
        return encodingCharacters.charAt(1);
    }

    public char escapeCharacter() {
        return encodingCharacters.charAt(2);
    }

    public String sendingApplication() {
        return field(3);
    }

    public String sendingFacility() {
        return field(4);
    }

    public String receivingApplication() {
        return field(5);
    }

    public String receivingFacility() {
        return field(6);
    }

    public String messageCode() {
        return component(9, 1);
    }

    public String triggerEvent() {
        return component(9, 2);
    }

    /** MSH-9 as {@code CODE^EVENT}, the form used in logs and the journal. */
    public String messageType() {
        String event = triggerEvent();
        return event.isEmpty() ? messageCode() : messageCode() + "^" + event;
    }

    public String controlId() {
        return field(10);
    }

    public String processingId() {
        return component(11, 1);
    }

    public String versionId() {
        return component(12, 1);
    }

    public String characterSet() {
        return component(18, 1);
    }
}
