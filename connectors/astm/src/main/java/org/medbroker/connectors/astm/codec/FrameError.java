package org.medbroker.connectors.astm.codec;

/**
 * A frame the decoder had to give up; its bytes are discarded, never logged. The link layer answers
 * it with NAK (E1381 clause 6.5.1.2) as for a bad checksum.
 *
 * @param reason why the frame was dropped
 * @param discardedBytes how many bytes were dropped, STX included
 */
public record FrameError(Reason reason, int discardedBytes) implements E1381Event {

    public enum Reason {
        /** Text longer than the decoder's {@code maxTextLength}: discarded up to the end of the frame. */
        TOO_LONG,
        /** The byte after STX is not a frame number '0'..'7'. */
        BAD_FRAME_NUMBER,
        /** STX, EOT or ENQ arrived before the frame was complete (the sender restarted or gave up). */
        INTERRUPTED,
        /** The connection ended inside a frame. */
        TRUNCATED
    }
}
