package org.medbroker.connectors.astm.codec;

import java.util.Arrays;
import java.util.Set;

/**
 * One E1381 frame (clause 6.3.1) as received or to be sent:
 *
 * <pre>
 *   STX  FN  text ...  ETB|ETX  C1 C2  CR LF
 * </pre>
 *
 * @param number frame number 0..7, or {@link #NO_NUMBER} in {@link FramingMode#PLAIN}
 * @param text the text between FN and ETB/ETX, as sent (a heap copy; never a pooled buffer)
 * @param last {@code true} for an end frame (ETX), {@code false} for an intermediate frame (ETB)
 * @param checksum whether C1 C2 matched the bytes received
 * @param deviations departures from E1381 the decoder tolerated
 */
public record AstmFrame(int number, byte[] text, boolean last, Checksum checksum, Set<FrameDeviation> deviations)
        implements E1381Event {

    public static final int NO_NUMBER = -1;

    public enum Checksum {
        VALID,
        /** C1 C2 did not match, or were not hexadecimal digits: the link layer answers NAK. */
        INVALID,
        /** Plain framing carries no checksum. */
        ABSENT
    }

    public AstmFrame {
        text = text.clone();
        deviations = Set.copyOf(deviations);
    }

    /** A frame to send: valid by construction, no deviations. */
    public static AstmFrame of(int number, byte[] text, boolean last) {
        return new AstmFrame(number, text, last, Checksum.VALID, Set.of());
    }

    @Override
    public byte[] text() {
        return text.clone();
    }

    public int textLength() {
        return text.length;
    }

    /** {@code true} unless the checksum failed: plain frames without checksum are intact too. */
    public boolean intact() {
        return checksum != Checksum.INVALID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AstmFrame f && f.number == number && f.last == last && f.checksum == checksum
                && Arrays.equals(f.text, text) && f.deviations.equals(deviations);
    }

    @Override
    public int hashCode() {
        return (31 * number + Arrays.hashCode(text)) * 31 + (last ? 1 : 0) + checksum.hashCode();
    }

    /** No text: frames carry patient data. */
    @Override
    public String toString() {
        return "AstmFrame[number=" + number + ", length=" + text.length + ", last=" + last + ", checksum="
                + checksum + ", deviations=" + deviations + "]";
    }
}
