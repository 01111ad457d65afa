package org.medbroker.mappings.v2transform;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.medbroker.mappings.hl7v2.Hl7Charsets;

/**
 * A destination's transforms, compiled once from its configuration and applied in order to each outbound
 * message; then the message is written in the {@code charset} rule's character set (else its own) with MSH-18
 * naming it. Decoding and encoding are strict: a byte sequence that is not text in the message's character
 * set, or a character the target cannot represent, rejects the message instead of becoming {@code ?}.
 * Immutable and shared by the destination's sends.
 */
public record TransformChain(List<Transform> rules, Optional<TargetCharset> charset) {

    public static final TransformChain NONE = new TransformChain(List.of(), Optional.empty());

    /** The text of an outbound message and the character set it is written in. */
    public record Encoded(byte[] bytes, Charset charset) {}

    /**
     * {@code charset: windows-1251}: the character set the receiver reads, and the name MSH-18 gives it.
     */
    public record TargetCharset(Charset charset, String msh18) {

        /**
         * @param msh18 the MSH-18 name, empty for table 0211's (or, for windows-1251, {@code CP1251})
         * @throws IllegalArgumentException for an unknown character set or one in which ER7's delimiters are not ASCII
         */
        public static TargetCharset of(String name, String msh18) {
            Charset charset;
            try {
                charset = Charset.forName(name.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + name + "' is not a character set name such as windows-1251, ISO-8859-5 or UTF-8");
            }
            byte[] probe = "MSH|^~\\&\r".getBytes(StandardCharsets.US_ASCII);
            if (!charset.canEncode() || !Arrays.equals(probe, "MSH|^~\\&\r".getBytes(charset))) {
                throw new IllegalArgumentException(charset.name() + " does not write ASCII as ASCII, so it cannot carry ER7 over MLLP");
            }
            String name18 = msh18.isBlank() ? Hl7Charsets.msh18Name(charset).orElse("") : msh18.trim();
            if (name18.isEmpty()) {
                throw new IllegalArgumentException("HL7 table 0211 has no name for " + charset.name() + "; give the one the receiver"
                        + " expects as 'msh18'");
            }
            if (name18.matches(".*[|^~\\\\&].*")) {
                throw new IllegalArgumentException("msh18 '" + name18 + "' cannot hold HL7 delimiters");
            }
            return new TargetCharset(charset, name18);
        }
    }

    public TransformChain {
        rules = List.copyOf(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty() && charset.isEmpty();
    }

    /**
     * @throws TransformRejected when a rule rejects the message or the text cannot be decoded or encoded
     */
    public Encoded apply(byte[] bytes, Charset source) throws TransformRejected {
        if (isEmpty()) {
            return new Encoded(bytes, source);
        }
        String text;
        try {
            text = source.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TransformRejected("MB-0792: the message is not valid " + source.name() + " text, so it cannot be "
                    + "transformed; check the listener's defaultCharset or the sender's MSH-18");
        }
        Er7Message message;
        try {
            message = Er7Message.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TransformRejected("MB-0794: " + e.getMessage());
        }
        int number = 0;
        for (Transform rule : rules) {
            number++;
            try {
                rule.apply(message);
            } catch (TransformRejected e) {
                throw new TransformRejected(e.getMessage() + " [transform " + number + ": " + rule.describe() + "]");
            }
        }
        Charset target = source;
        if (charset.isPresent()) {
            target = charset.get().charset();
            try {
                message.segments("MSH").get(0).field(18, Er7Escaping.escape(charset.get().msh18(), message.separators()));
            } catch (IllegalArgumentException e) {
                throw new TransformRejected(e.getMessage() + " (charset " + charset.get().charset().name() + ")");
            }
        }
        String out = message.encode();
        return new Encoded(encode(out, target), target);
    }

    private static byte[] encode(String text, Charset charset) throws TransformRejected {
        CharsetEncoder encoder = charset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer buffer = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new TransformRejected("MB-0791: " + unrepresentable(text, charset.newEncoder()) + " that " + charset.name()
                    + " cannot represent; the message is not sent rather than sent with '?' in its place");
        }
    }

    /** Where the first character the encoder cannot write stands: segment, field and code point. */
    private static String unrepresentable(String text, CharsetEncoder encoder) {
        char fieldSeparator = text.length() > 3 ? text.charAt(3) : '|';
        int segmentStart = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (codePoint == '\r') {
                segmentStart = i + 1;
            } else if (!encoder.canEncode(text.substring(i, i + width))) {
                String segment = text.substring(segmentStart, Math.min(segmentStart + 3, text.length()));
                int field = 0;
                for (int j = segmentStart; j < i; j++) {
                    if (text.charAt(j) == fieldSeparator) {
                        field++;
                    }
                }
                if (segment.equals("MSH")) {
                    field++;
                }
                return segment + "-" + field + " holds " + String.format("U+%04X", codePoint);
            }
            i += width;
        }
        return "the message holds a character";
    }
}
