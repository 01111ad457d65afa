package org.medbroker.connectors.astm.link;

import java.util.Arrays;

/**
 * What one E1381 transfer delivered, fired upstream by {@link E1381LinkHandler} at termination: the
 * joined records (each ending in the CR of E1394), ready for {@code record.E1394Parser}.
 *
 * @param records the record texts in order (heap copy)
 * @param frames frames accepted
 * @param incomplete {@code true} when the transfer did not end cleanly: the frame timer ran out, the
 *        sender broke the protocol or the connection closed, the last record had no end frame (its
 *        text so far is included), or a record or the message exceeded its maximum and was dropped
 */
public record ReceivedMessage(byte[] records, int frames, boolean incomplete) {

    public ReceivedMessage {
        records = records.clone();
    }

    @Override
    public byte[] records() {
        return records.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && m.frames == frames && m.incomplete == incomplete
                && Arrays.equals(m.records, records);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(records) * 31 + frames * 2 + (incomplete ? 1 : 0);
    }

    /** No content: records carry patient data. */
    @Override
    public String toString() {
        return "ReceivedMessage[length=" + records.length + ", frames=" + frames + ", incomplete=" + incomplete + "]";
    }
}
