package org.medbroker.connectors.dicom.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The character repertoires named by Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and PS3.5
 * 6.1: decodes and encodes the values of LO, LT, PN, SH, ST, UC and UT.
 *
 * <p>Single-byte and multi-byte sets without code extensions ({@code ISO_IR 100}, {@code ISO_IR 144},
 * {@code ISO_IR 192}, {@code GB18030}, ...) map to one Java charset. With code extensions
 * ({@code ISO 2022 IR xxx}, PS3.5 6.1.2.5) escape sequences designate G0 and G1 within a value; the
 * designations of the first term are in effect at the start of the value and again after every
 * delimiter: backslash, CR, LF, FF, TAB, and {@code ^} and {@code =} in person names (PS3.5 6.1.2.5.3).
 * Encoding picks, for each character, the first term able to encode it and writes the escape sequences
 * needed; characters no term can encode become {@code ?}.
 *
 * <p>Unknown terms are decoded as Latin-1, so that no byte is lost; values are immutable and shared.
 */
public final class SpecificCharacterSet {

    /** Default repertoire ISO-IR 6 (ASCII); bytes above 0x7F are decoded as Latin-1 to lose nothing. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(new String[0],
            StandardCharsets.ISO_8859_1, null);

    private static final byte ESC = 0x1B;

    /** A coded character set that an ISO 2022 escape sequence designates into G0 or G1. */
    private enum CodeElement {
        ASCII(false, 1, "ISO-8859-1", ESC, '(', 'B'),
        JIS_X0201_ROMAN(false, 1, "JIS_X0201", ESC, '(', 'J'),
        JIS_X0201_KATAKANA(true, 1, "JIS_X0201", ESC, ')', 'I'),
        LATIN1(true, 1, "ISO-8859-1", ESC, '-', 'A'),
        LATIN2(true, 1, "ISO-8859-2", ESC, '-', 'B'),
        LATIN3(true, 1, "ISO-8859-3", ESC, '-', 'C'),
        LATIN4(true, 1, "ISO-8859-4", ESC, '-', 'D'),
        CYRILLIC(true, 1, "ISO-8859-5", ESC, '-', 'L'),
        ARABIC(true, 1, "ISO-8859-6", ESC, '-', 'G'),
        GREEK(true, 1, "ISO-8859-7", ESC, '-', 'F'),
        HEBREW(true, 1, "ISO-8859-8", ESC, '-', 'H'),
        LATIN5(true, 1, "ISO-8859-9", ESC, '-', 'M'),
        LATIN9(true, 1, "ISO-8859-15", ESC, '-', 'b'),
        THAI(true, 1, "TIS-620", ESC, '-', 'T'),
        JIS_X0208(false, 2, "EUC-JP", ESC, '$', 'B'),
        JIS_X0212(false, 2, "EUC-JP", ESC, '$', '(', 'D'),
        KS_X1001(true, 2, "EUC-KR", ESC, '$', ')', 'C'),
        GB2312(true, 2, "GB2312", ESC, '$', ')', 'A');

        final boolean g1;
        final int bytesPerChar;
        final Charset charset;
        final byte[] escape;

        CodeElement(boolean g1, int bytesPerChar, String charset, int... escape) {
            this.g1 = g1;
            this.bytesPerChar = bytesPerChar;
            this.charset = Charset.forName(charset);
            this.escape = new byte[escape.length];
            for (int i = 0; i < escape.length; i++) {
                this.escape[i] = (byte) escape[i];
            }
        }

        static CodeElement ofEscape(byte[] b, int off, int len) {
            for (CodeElement e : values()) {
                if (e.escape.length == len && Arrays.equals(e.escape, 0, len, b, off, off + len)) {
                    return e;
                }
            }
            return null;
        }

        /** Appends the character(s) of {@code b[off..off+bytesPerChar)} in this set to {@code out}. */
        void decode(byte[] b, int off, StringBuilder out) {
            switch (this) {
                case ASCII -> out.append((char) (b[off] & 0xFF));
                case JIS_X0201_ROMAN -> {
                    int c = b[off] & 0x7F;
                    out.append(c == 0x5C ? '\u00A5' : c == 0x7E ? '\u203E' : (char) c);
                }
                case JIS_X0201_KATAKANA -> out.append((char) (0xFF61 + ((b[off] & 0xFF) - 0xA1)));
                case JIS_X0208 -> out.append(new String(new byte[] {(byte) (b[off] | 0x80), (byte) (b[off + 1] | 0x80)},
                        charset));
                case JIS_X0212 -> out.append(new String(new byte[] {(byte) 0x8F, (byte) (b[off] | 0x80),
                        (byte) (b[off + 1] | 0x80)}, charset));
                case KS_X1001, GB2312 -> out.append(new String(b, off, 2, charset));
                default -> out.append(new String(b, off, 1, charset));
            }
        }

        /** The bytes of {@code c} in this set as they go on the wire, or null if it has none. */
        byte[] encode(char c, CharsetEncoder encoder) {
            switch (this) {
                case ASCII -> {
                    return c < 0x80 ? new byte[] {(byte) c} : null;
                }
                case JIS_X0201_ROMAN -> {
                    if (c == '\u00A5') {
                        return new byte[] {0x5C};
                    }
                    if (c == '\u203E') {
                        return new byte[] {0x7E};
                    }
                    return c < 0x80 && c != 0x5C && c != 0x7E ? new byte[] {(byte) c} : null;
                }
                case JIS_X0201_KATAKANA -> {
                    return c >= 0xFF61 && c <= 0xFF9F ? new byte[] {(byte) (c - 0xFF61 + 0xA1)} : null;
                }
                default -> {
                    byte[] b = encodeWith(encoder, c);
                    if (b == null) {
                        return null;
                    }
                    if (this == JIS_X0208) {
                        return b.length == 2 && (b[0] & 0xFF) >= 0xA1
                                ? new byte[] {(byte) (b[0] & 0x7F), (byte) (b[1] & 0x7F)} : null;
                    }
                    if (this == JIS_X0212) {
                        return b.length == 3 && (b[0] & 0xFF) == 0x8F
                                ? new byte[] {(byte) (b[1] & 0x7F), (byte) (b[2] & 0x7F)} : null;
                    }
                    if (bytesPerChar == 2) {
                        return b.length == 2 && (b[0] & 0xFF) >= 0xA1 ? b : null;
                    }
                    return b.length == 1 && (b[0] & 0xFF) >= 0xA0 ? b : null;
                }
            }
        }

        private static byte[] encodeWith(CharsetEncoder encoder, char c) {
            try {
                ByteBuffer bb = encoder.reset().encode(CharBuffer.wrap(new char[] {c}));
                byte[] b = new byte[bb.remaining()];
                bb.get(b);
                return b;
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    /** The G0 and G1 designations one ISO 2022 term makes. */
    private record Designation(CodeElement g0, CodeElement g1) {
    }

    private final String[] terms;
    private final Charset charset;
    private final Designation[] designations;

    private SpecificCharacterSet(String[] terms, Charset charset, Designation[] designations) {
        this.terms = terms;
        this.charset = charset;
        this.designations = designations;
    }

    /** The character set for the values of (0008,0005); none, null or blank means the default repertoire. */
    public static SpecificCharacterSet valueOf(String... terms) {
        if (terms == null || terms.length == 0 || terms.length == 1 && (terms[0] == null || terms[0].isBlank())) {
            return DEFAULT;
        }
        String[] clean = new String[terms.length];
        boolean codeExtensions = false;
        for (int i = 0; i < terms.length; i++) {
            clean[i] = terms[i] == null ? "" : terms[i].strip();
            codeExtensions |= clean[i].startsWith("ISO 2022");
        }
        if (!codeExtensions) {
            Charset cs = charsetOf(clean[0]);
            return new SpecificCharacterSet(clean, cs == null ? StandardCharsets.ISO_8859_1 : cs, null);
        }
        List<Designation> designations = new ArrayList<>(clean.length);
        for (String term : clean) {
            Designation d = designationOf(term);
            designations.add(d != null ? d : new Designation(CodeElement.ASCII, null));
        }
        return new SpecificCharacterSet(clean, null, designations.toArray(new Designation[0]));
    }

    private static Charset charsetOf(String term) {
        String name = switch (term) {
            case "", "ISO_IR 6", "ISO_IR 100" -> "ISO-8859-1";
            case "ISO_IR 101" -> "ISO-8859-2";
            case "ISO_IR 109" -> "ISO-8859-3";
            case "ISO_IR 110" -> "ISO-8859-4";
            case "ISO_IR 144" -> "ISO-8859-5";
            case "ISO_IR 127" -> "ISO-8859-6";
            case "ISO_IR 126" -> "ISO-8859-7";
            case "ISO_IR 138" -> "ISO-8859-8";
            case "ISO_IR 148" -> "ISO-8859-9";
            case "ISO_IR 203" -> "ISO-8859-15";
            case "ISO_IR 166" -> "TIS-620";
            case "ISO_IR 13" -> "JIS_X0201";
            case "ISO_IR 192" -> "UTF-8";
            case "GB18030" -> "GB18030";
            case "GBK" -> "GBK";
            default -> null;
        };
        return name == null ? null : Charset.forName(name);
    }

    private static Designation designationOf(String term) {
        return switch (term) {
            case "", "ISO 2022 IR 6", "ISO_IR 6" -> new Designation(CodeElement.ASCII, null);
            case "ISO 2022 IR 100" -> new Designation(CodeElement.ASCII, CodeElement.LATIN1);
            case "ISO 2022 IR 101" -> new Designation(CodeElement.ASCII, CodeElement.LATIN2);
            case "ISO 2022 IR 109" -> new Designation(CodeElement.ASCII, CodeElement.LATIN3);
            case "ISO 2022 IR 110" -> new Designation(CodeElement.ASCII, CodeElement.LATIN4);
            case "ISO 2022 IR 144" -> new Designation(CodeElement.ASCII, CodeElement.CYRILLIC);
            case "ISO 2022 IR 127" -> new Designation(CodeElement.ASCII, CodeElement.ARABIC);
            case "ISO 2022 IR 126" -> new Designation(CodeElement.ASCII, CodeElement.GREEK);
            case "ISO 2022 IR 138" -> new Designation(CodeElement.ASCII, CodeElement.HEBREW);
            case "ISO 2022 IR 148" -> new Designation(CodeElement.ASCII, CodeElement.LATIN5);
            case "ISO 2022 IR 203" -> new Designation(CodeElement.ASCII, CodeElement.LATIN9);
            case "ISO 2022 IR 166" -> new Designation(CodeElement.ASCII, CodeElement.THAI);
            case "ISO 2022 IR 13" -> new Designation(CodeElement.JIS_X0201_ROMAN, CodeElement.JIS_X0201_KATAKANA);
            case "ISO 2022 IR 87" -> new Designation(CodeElement.JIS_X0208, null);
            case "ISO 2022 IR 159" -> new Designation(CodeElement.JIS_X0212, null);
            case "ISO 2022 IR 149" -> new Designation(CodeElement.ASCII, CodeElement.KS_X1001);
            case "ISO 2022 IR 58" -> new Designation(CodeElement.ASCII, CodeElement.GB2312);
            // some writers mix the forms, e.g. ISO_IR 100\ISO 2022 IR 87; read ISO_IR nnn as ISO 2022 IR nnn
            default -> term.startsWith("ISO_IR ") ? designationOf("ISO 2022 IR " + term.substring(7)) : null;
        };
    }

    /** The defined terms of (0008,0005) this was made from. */
    public String[] terms() {
        return terms.clone();
    }

    /** Whether values may switch character sets with ISO 2022 escape sequences. */
    public boolean usesCodeExtensions() {
        return designations != null;
    }

    /** Decodes a value that is not a person name. */
    public String decode(byte[] value, int offset, int length) {
        return decode(value, offset, length, false);
    }

    /**
     * Decodes a whole value, backslashes between multiple values included; {@code personName} makes
     * {@code ^} and {@code =} delimiters that reset code extensions, as PS3.5 6.1.2.5.3 asks for PN.
     */
    public String decode(byte[] value, int offset, int length, boolean personName) {
        if (designations == null) {
            return new String(value, offset, length, charset);
        }
        CodeElement initialG0 = designations[0].g0();
        CodeElement initialG1 = designations[0].g1();
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        StringBuilder out = new StringBuilder(length);
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = value[i] & 0xFF;
            if (b == ESC) {
                int escLen = escapeLength(value, i, end);
                CodeElement e = escLen > 0 ? CodeElement.ofEscape(value, i, escLen) : null;
                if (e == null) {
                    out.append('\u001B');
                    i++;
                    continue;
                }
                if (e.g1) {
                    g1 = e;
                } else {
                    g0 = e;
                }
                i += escLen;
            } else if (b < 0x80) {
                if (g0.bytesPerChar == 2 && b > 0x20 && b < 0x7F && i + 1 < end) {
                    g0.decode(value, i, out);
                    i += 2;
                    continue;
                }
                if (isDelimiter(b, personName)) {
                    g0 = initialG0;
                    g1 = initialG1;
                    out.append((char) b);
                } else if (b < 0x20 || b == 0x7F) {
                    out.append((char) b);
                } else {
                    (g0.bytesPerChar == 1 ? g0 : CodeElement.ASCII).decode(value, i, out);
                }
                i++;
            } else if (g1 != null && g1.bytesPerChar == 2 && i + 1 < end) {
                g1.decode(value, i, out);
                i += 2;
            } else {
                (g1 != null ? g1 : CodeElement.LATIN1).decode(value, i, out);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isDelimiter(int b, boolean personName) {
        return b == '\\' || b == '\r' || b == '\n' || b == '\f' || b == '\t' || personName && (b == '^' || b == '=');
    }

    /** Length of the escape sequence at {@code i}: ESC, intermediate bytes 0x20-0x2F, one final byte. */
    private static int escapeLength(byte[] b, int i, int end) {
        int j = i + 1;
        while (j < end && (b[j] & 0xFF) >= 0x20 && (b[j] & 0xFF) <= 0x2F) {
            j++;
        }
        return j < end && j > i + 1 ? j - i + 1 : 0;
    }

    /** Encodes a value that is not a person name. */
    public byte[] encode(String value) {
        return encode(value, false);
    }

    /** Encodes a whole value; {@code personName} as for {@link #decode(byte[], int, int, boolean)}. */
    public byte[] encode(String value, boolean personName) {
        if (designations == null) {
            return value.getBytes(charset);
        }
        CodeElement initialG0 = designations[0].g0();
        CodeElement initialG1 = designations[0].g1();
        CodeElement g0 = initialG0;
        CodeElement g1 = initialG1;
        CharsetEncoder[] encoders = new CharsetEncoder[CodeElement.values().length];
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 8);
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c < 0x80 && (isDelimiter(c, personName) || c < 0x20 || c == 0x7F)) {
                if (g0 != initialG0) {
                    out.writeBytes(initialG0.escape);
                    g0 = initialG0;
                }
                if (g1 != initialG1 && initialG1 != null) {
                    out.writeBytes(initialG1.escape);
                }
                g1 = initialG1;
                out.write(c);
                continue;
            }
            byte[] bytes = encodeIn(g0, c, encoders);
            if (bytes == null && g1 != null) {
                bytes = encodeIn(g1, c, encoders);
            }
            if (bytes == null) {
                CodeElement chosen = null;
                for (Designation d : designations) {
                    if ((bytes = encodeIn(d.g0(), c, encoders)) != null) {
                        chosen = d.g0();
                        break;
                    }
                    if (d.g1() != null && (bytes = encodeIn(d.g1(), c, encoders)) != null) {
                        chosen = d.g1();
                        break;
                    }
                }
                if (chosen == null) {
                    if (g0 != CodeElement.ASCII && g0 != CodeElement.JIS_X0201_ROMAN) {
                        out.writeBytes(CodeElement.ASCII.escape);
                        g0 = CodeElement.ASCII;
                    }
                    bytes = new byte[] {'?'};
                } else {
                    out.writeBytes(chosen.escape);
                    if (chosen.g1) {
                        g1 = chosen;
                    } else {
                        g0 = chosen;
                    }
                }
            }
            out.writeBytes(bytes);
        }
        if (g0 != initialG0) {
            out.writeBytes(initialG0.escape);
        }
        if (g1 != initialG1 && initialG1 != null) {
            out.writeBytes(initialG1.escape);
        }
        return out.toByteArray();
    }

    private static byte[] encodeIn(CodeElement e, char c, CharsetEncoder[] encoders) {
        if (e == null) {
            return null;
        }
        CharsetEncoder encoder = encoders[e.ordinal()];
        if (encoder == null && e.charset != null) {
            encoder = e.charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            encoders[e.ordinal()] = encoder;
        }
        return e.encode(c, encoder);
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
