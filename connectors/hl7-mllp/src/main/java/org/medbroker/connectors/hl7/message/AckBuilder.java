package org.medbroker.connectors.hl7.message;

import java.nio.charset.Charset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Builds original-mode acknowledgements (MSH, MSA, and ERR when there is an error) in the
 * sender's own version, delimiters and character set.
 *
 * <p>Versions before 2.5 carry the error in ERR-1 (ELD: segment^sequence^field^code&amp;text);
 * 2.5 and later in ERR-2 (location), ERR-3 (code), ERR-4 (severity) and ERR-8 (user message).
 * MSA-3 repeats the text for senders that only show that.
 */
public final class AckBuilder {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    private final String application;
    private final String facility;

    public AckBuilder(String application, String facility) {
        this.application = application;
        this.facility = facility;
    }

    public byte[] build(Optional<MshHeader> original, AckCode code, Optional<AckError> error, String ackControlId,
            ZonedDateTime now, Charset charset) {
        char f = original.map(MshHeader::fieldSeparator).orElse('|');
        String encoding = original.map(MshHeader::encodingCharacters).orElse("^~\\&");
        char c = encoding.charAt(0);
        char s = encoding.length() > 3 ? encoding.charAt(3) : '&';
        String version = original.map(MshHeader::versionId).filter(v -> !v.isEmpty()).orElse("2.5.1");
        Escaper escape = new Escaper(f, encoding);

        StringBuilder ack = new StringBuilder(256);
        ack.append("MSH").append(f).append(encoding)
                .append(f).append(original.map(MshHeader::receivingApplication).filter(v -> !v.isEmpty()).orElse(application))
                .append(f).append(original.map(MshHeader::receivingFacility).filter(v -> !v.isEmpty()).orElse(facility))
                .append(f).append(original.map(MshHeader::sendingApplication).orElse(""))
                .append(f).append(original.map(MshHeader::sendingFacility).orElse(""))
                .append(f).append(TIMESTAMP.format(now))
                .append(f)
                .append(f).append("ACK").append(original.map(h -> h.triggerEvent().isEmpty() ? "" : c + h.triggerEvent() + c + "ACK").orElse(""))
                .append(f).append(ackControlId)
                .append(f).append(original.map(MshHeader::processingId).filter(v -> !v.isEmpty()).orElse("P"))
                .append(f).append(version);
        String msh18 = original.map(h -> h.field(18)).orElse("");
        if (!msh18.isEmpty()) {
            ack.append(f).append(f).append(f).append(f).append(f).append(f).append(msh18);
        }
        ack.append('\r');
        ack.append("MSA").append(f).append(code.name()).append(f).append(original.map(MshHeader::controlId).orElse(""));
        error.ifPresent(e -> ack.append(f).append(escape.text(e.text())));
        ack.append('\r');
        error.ifPresent(e -> {
            ack.append("ERR").append(f);
            if (isBefore25(version)) {
                // ERR-1 ELD: segment ID ^ sequence ^ field position ^ code (CE); the code is always component 4
                String eldLocation = e.segment().isEmpty() ? "" + c + c + c : e.segment() + c + e.sequence() + c + e.field() + c;
                ack.append(eldLocation)
                        .append(e.hl7ErrorCode()).append(s).append(escape.text(e.codeText())).append(s).append("HL70357");
            } else {
                String location = e.segment().isEmpty() ? "" : e.segment() + c + e.sequence() + c + e.field();
                ack.append(f).append(location)
                        .append(f).append(e.hl7ErrorCode()).append(c).append(escape.text(e.codeText())).append(c).append("HL70357")
                        .append(f).append("E")
                        .append(f).append(f).append(f).append(f).append(escape.text(e.text()));
            }
            ack.append('\r');
        });
        return ack.toString().getBytes(charset);
    }

    private static boolean isBefore25(String version) {
        return version.startsWith("2.1") || version.startsWith("2.2") || version.startsWith("2.3") || version.startsWith("2.4");
    }

    /** HL7 escape sequences for delimiters inside text: \F\ \S\ \R\ \E\ \T\. */
    private record Escaper(char field, String encoding) {
        String text(String text) {
            char component = encoding.charAt(0);
            char repetition = encoding.charAt(1);
            char escape = encoding.charAt(2);
            char sub = encoding.length() > 3 ? encoding.charAt(3) : '&';
            StringBuilder out = new StringBuilder(text.length() + 8);
            for (char ch : text.toCharArray()) {
                if (ch == escape) {
                    out.append(escape).append('E').append(escape);
                } else if (ch == field) {
                    out.append(escape).append('F').append(escape);
                } else if (ch == component) {
                    out.append(escape).append('S').append(escape);
                } else if (ch == repetition) {
                    out.append(escape).append('R').append(escape);
                } else if (ch == sub) {
                    out.append(escape).append('T').append(escape);
                } else if (ch == '\r' || ch == '\n') {
                    out.append(' ');
                } else {
                    out.append(ch);
                }
            }
            return out.toString();
        }
    }
}
