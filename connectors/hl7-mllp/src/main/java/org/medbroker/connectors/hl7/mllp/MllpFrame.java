package org.medbroker.connectors.hl7.mllp;

/** What the MLLP decoder emits: a complete block, or a typed framing problem. Never a partial block. */
public sealed interface MllpFrame {

    /** The bytes between {@code <VT>} and {@code <FS><CR>}. */
    record Block(byte[] content) implements MllpFrame {}

    /** Bytes outside any block (noise, a keep-alive, a sender that restarted mid-block). */
    record OutOfBand(int discardedBytes) implements MllpFrame {}

    /** A block longer than the limit; its first {@code head} bytes are kept to answer the sender. */
    record TooLong(byte[] head, long totalBytes) implements MllpFrame {}
}
