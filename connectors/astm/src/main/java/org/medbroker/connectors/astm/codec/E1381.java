package org.medbroker.connectors.astm.codec;

/**
 * Bytes and arithmetic of ASTM E1381-02 (CLSI LIS1-A) clause 6.3, the frame:
 *
 * <pre>
 *   STX  FN  text ...  ETB|ETX  C1  C2  CR  LF
 *   0x02 '0'..'7'      0x17|0x03 hex hex 0x0D 0x0A
 *        \_________ summed ________/
 * </pre>
 *
 * The checksum (6.3.1.5) is the sum modulo 256 of every byte after {@code STX} up to and including
 * {@code ETB} or {@code ETX}, sent as two uppercase hexadecimal digits. Frame numbers (6.3.1.2) start
 * at 1 after the establishment phase and cycle 1..7, 0, 1...
 */
public final class E1381 {

    public static final byte STX = 0x02;
    public static final byte ETX = 0x03;
    public static final byte EOT = 0x04;
    public static final byte ENQ = 0x05;
    public static final byte ACK = 0x06;
    public static final byte LF = 0x0A;
    public static final byte CR = 0x0D;
    public static final byte NAK = 0x15;
    public static final byte ETB = 0x17;

    /** Longest text of one frame allowed by clause 6.3.1.4: 247 characters (a frame is at most 255). */
    public static final int STANDARD_MAX_TEXT_LENGTH = 247;

    /** The first frame number of a transfer phase. */
    public static final int FIRST_FRAME_NUMBER = 1;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private E1381() {
    }

    /** The frame number after {@code number}: 1..7, 0, 1... */
    public static int nextFrameNumber(int number) {
        return (number + 1) & 0x07;
    }

    /** Sum modulo 256 of the frame number digit, the text and the end character. */
    public static int checksum(int frameNumber, byte[] text, int offset, int length, boolean last) {
        int sum = '0' + frameNumber;
        for (int i = offset; i < offset + length; i++) {
            sum += text[i] & 0xFF;
        }
        sum += last ? ETX : ETB;
        return sum & 0xFF;
    }

    /** Upper-case hexadecimal digit of the high (position 0) or low (position 1) nibble. */
    static byte hexDigit(int checksum, int position) {
        return HEX[position == 0 ? (checksum >> 4) & 0x0F : checksum & 0x0F];
    }

    /** Value of one hexadecimal digit of either case, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    /**
     * Characters E1381 clause 6.6.2 forbids in frame text (SOH, STX, ETX, EOT, ENQ, ACK, DLE, NAK, SYN,
     * ETB, LF, DC1..DC4). CR is allowed: it ends each E1394 record.
     */
    public static boolean isRestricted(byte b) {
        return switch (b) {
            case 0x01, STX, ETX, EOT, ENQ, ACK, 0x10, NAK, 0x16, ETB, LF, 0x11, 0x12, 0x13, 0x14 -> true;
            default -> false;
        };
    }
}
