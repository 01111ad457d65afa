package org.medbroker.connectors.astm.codec;

/** How frames are delimited on a connection. */
public enum FramingMode {
    /** E1381 clause 6.3: {@code <STX> FN text <ETB|ETX> C1 C2 <CR><LF>}. */
    E1381,
    /**
     * What some analyzers send over TCP instead: {@code <STX> text <ETX>} without frame number or
     * checksum (optionally followed by CR/LF). Frames are reported with {@link AstmFrame#NO_NUMBER}.
     */
    PLAIN,
    /**
     * No E1381 layer at all: CR-separated E1394 records, a message ending with its L record, optionally
     * inside MLLP blocks; read by {@code link.RecordStreamDecoder}, never by {@link E1381FrameDecoder}.
     */
    RECORDS
}
