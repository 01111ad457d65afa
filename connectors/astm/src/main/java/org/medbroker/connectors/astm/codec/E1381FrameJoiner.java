package org.medbroker.connectors.astm.codec;

import java.io.ByteArrayOutputStream;

/**
 * Joins the texts of intermediate (ETB) frames and the following end (ETX) frame into one record, as
 * E1381 clause 6.3.1.4 asks of the receiver. Frames with a failed checksum are ignored: the link layer
 * NAKs them and the sender sends them again. Text beyond {@code maxRecordLength} is discarded and
 * reported when the end frame arrives. One per connection; not thread-safe.
 */
public final class E1381FrameJoiner {

    /** What {@link #accept} made of a frame. */
    public sealed interface Result permits Pending, Joined, TooLong {
    }

    /** More frames are needed (or the frame was ignored). */
    public enum Pending implements Result { INSTANCE }

    /** A complete record text (heap copy). */
    public record Joined(byte[] text) implements Result {
        public Joined {
            text = text.clone();
        }

        @Override
        public byte[] text() {
            return text.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Joined j && java.util.Arrays.equals(j.text, text);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(text);
        }

        @Override
        public String toString() {
            return "Joined[length=" + text.length + "]";
        }
    }

    /** The record exceeded the maximum and was dropped. */
    public record TooLong(long bytes) implements Result {
    }

    private final int maxRecordLength;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long overflow;

    public E1381FrameJoiner(int maxRecordLength) {
        this.maxRecordLength = maxRecordLength;
    }

    public Result accept(AstmFrame frame) {
        if (!frame.intact()) {
            return Pending.INSTANCE;
        }
        byte[] text = frame.text();
        if (overflow > 0 || buffer.size() + (long) text.length > maxRecordLength) {
            overflow += buffer.size() + text.length;
            buffer.reset();
        } else {
            buffer.writeBytes(text);
        }
        if (!frame.last()) {
            return Pending.INSTANCE;
        }
        Result result = overflow > 0 ? new TooLong(overflow) : new Joined(buffer.toByteArray());
        reset();
        return result;
    }

    /** Drops a partial record, e.g. after EOT or a link-layer timeout. */
    public void reset() {
        buffer.reset();
        overflow = 0;
    }

    public boolean idle() {
        return buffer.size() == 0 && overflow == 0;
    }
}
