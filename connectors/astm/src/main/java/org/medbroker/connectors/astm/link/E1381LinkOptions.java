package org.medbroker.connectors.astm.link;

import java.util.Objects;

/**
 * Per-device settings of an {@link E1381LinkHandler}; immutable.
 *
 * @param timeouts the phase timers
 * @param contentionPriority the part this station plays when both sides send ENQ
 * @param lenientFrameNumbers accept any frame number (Horiba Yumizen H500 breaks the 1..7, 0 cycle); a
 *        retransmission is then recognised only as the same frame received twice in a row
 * @param maxRecordLength longest record the receiver joins from frames; longer ones are dropped
 * @param maxMessageLength most bytes of records the receiver keeps per transfer; the rest are dropped
 *        and the message is flagged incomplete
 */
public record E1381LinkOptions(E1381Timeouts timeouts, ContentionPriority contentionPriority, boolean lenientFrameNumbers,
        int maxRecordLength, int maxMessageLength) {

    /** Standard timers, the broker as host, strict frame numbers, records up to 64 KiB, messages up to 16 MiB. */
    public static final E1381LinkOptions DEFAULTS = new E1381LinkOptions(E1381Timeouts.STANDARD, ContentionPriority.HOST,
            false, 64 * 1024, 16 * 1024 * 1024);

    public E1381LinkOptions {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(contentionPriority, "contentionPriority");
        if (maxRecordLength < 1 || maxMessageLength < maxRecordLength) {
            throw new IllegalArgumentException("need 1 <= maxRecordLength <= maxMessageLength");
        }
    }

    public E1381LinkOptions withTimeouts(E1381Timeouts timeouts) {
        return new E1381LinkOptions(timeouts, contentionPriority, lenientFrameNumbers, maxRecordLength, maxMessageLength);
    }

    public E1381LinkOptions withContentionPriority(ContentionPriority contentionPriority) {
        return new E1381LinkOptions(timeouts, contentionPriority, lenientFrameNumbers, maxRecordLength, maxMessageLength);
    }

    public E1381LinkOptions withLenientFrameNumbers(boolean lenientFrameNumbers) {
        return new E1381LinkOptions(timeouts, contentionPriority, lenientFrameNumbers, maxRecordLength, maxMessageLength);
    }
}
