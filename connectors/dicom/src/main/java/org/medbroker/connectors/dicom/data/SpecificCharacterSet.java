package org.medbroker.connectors.dicom.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The character repertoire named by Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5
 * 6.1: decodes and encodes the values of LO, LT, PN, SH, ST, UC and UT.
 */
public class SpecificCharacterSet {

    /** Default repertoire ISO-IR 6 (ASCII); bytes above 0x7F are decoded as Latin-1 to lose nothing. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0], StandardCharsets.ISO_8859_1);

    private final String[] terms;
    private final Charset charset;

    SpecificCharacterSet(String[] terms, Charset charset) {
        this.terms = terms;
        this.charset = charset;
    }

    /** The character set for the values of (0008,0005); empty or null means the default repertoire. */
    public static SpecificCharacterSet valueOf(String... terms) {
        if (terms == null || terms.length == 0 || terms.length == 1 && (terms[0] == null || terms[0].isBlank())) {
            return DEFAULT;
        }
        String first = terms[0] == null ? "" : terms[0].strip();
        Charset cs = charsetOf(first);
        return new SpecificCharacterSet(terms.clone(), cs == null ? StandardCharsets.ISO_8859_1 : cs);
    }

    static Charset charsetOf(String term) {
        return switch (term) {
            case "", "ISO_IR 6", "ISO 2022 IR 6" -> StandardCharsets.ISO_8859_1;
            case "ISO_IR 100", "ISO 2022 IR 100" -> StandardCharsets.ISO_8859_1;
            case "ISO_IR 192" -> StandardCharsets.UTF_8;
            default -> null;
        };
    }

    /** The defined terms of (0008,0005) this was made from. */
    public String[] terms() {
        return terms.clone();
    }

    public String decode(byte[] value, int offset, int length) {
        return new String(value, offset, length, charset);
    }

    public byte[] encode(String value) {
        return value.getBytes(charset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecificCharacterSet other && Arrays.equals(terms, other.terms);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(terms);
    }

    @Override
    public String toString() {
        return terms.length == 0 ? "ISO_IR 6" : String.join("\\", terms);
    }
}
