package org.medbroker.connectors.astm.codec;

/** The single-byte control characters of E1381 clause 6.1 and 6.2, sent outside frames. */
public enum AstmControl implements E1381Event {
    /** Establishment phase: the sender bids for the line. */
    ENQ(E1381.ENQ),
    /** Frame or bid accepted. */
    ACK(E1381.ACK),
    /** Frame or bid refused; a frame is sent again. */
    NAK(E1381.NAK),
    /** Termination phase: the line is free again. */
    EOT(E1381.EOT);

    private final byte value;

    AstmControl(byte value) {
        this.value = value;
    }

    public byte value() {
        return value;
    }

    /** The control character for {@code b}, or {@code null} when {@code b} is none of them. */
    public static AstmControl of(byte b) {
        return switch (b) {
            case E1381.ENQ -> ENQ;
            case E1381.ACK -> ACK;
            case E1381.NAK -> NAK;
            case E1381.EOT -> EOT;
            default -> null;
        };
    }
}
