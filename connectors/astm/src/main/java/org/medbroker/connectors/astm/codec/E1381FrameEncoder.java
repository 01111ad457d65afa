package org.medbroker.connectors.astm.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link AstmFrame}s as E1381 frames (ASTM E1381-02 / CLSI LIS1-A clause 6.3.1) and splits a
 * record into them (clause 6.3.1.4: text over the maximum goes into intermediate ETB frames, the rest
 * into an end ETX frame).
 *
 * <pre>
 *   STX  FN  text ...  ETB|ETX  C1 C2  CR LF
 * </pre>
 *
 * <p>Strict: it only writes standard frames (number 0..7, at most {@code maxTextLength} characters, no
 * restricted character in the text) and refuses anything else with {@link IllegalArgumentException};
 * leniency is for what is received, never for what is sent. Stateless and sharable: the frame number
 * sequence belongs to the link layer. The encoder writes into the buffer Netty allocates and releases
 * on write; it holds no buffer.
 */
@Sharable
public final class E1381FrameEncoder extends MessageToByteEncoder<AstmFrame> {

    /** Frames of at most 247 characters of text. */
    public static final E1381FrameEncoder STANDARD = new E1381FrameEncoder(E1381.STANDARD_MAX_TEXT_LENGTH);

    private final int maxTextLength;

    public E1381FrameEncoder(int maxTextLength) {
        super(AstmFrame.class);
        if (maxTextLength < 1 || maxTextLength > E1381.STANDARD_MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("maxTextLength must be 1.." + E1381.STANDARD_MAX_TEXT_LENGTH);
        }
        this.maxTextLength = maxTextLength;
    }

    public int maxTextLength() {
        return maxTextLength;
    }

    /**
     * Splits one record (its text including the terminating CR of E1394) into frames numbered from
     * {@code firstNumber} on, cycling 1..7, 0. Returns at least one frame; only the last is an end frame.
     */
    public List<AstmFrame> split(byte[] record, int firstNumber) {
        checkNumber(firstNumber);
        List<AstmFrame> frames = new ArrayList<>(record.length / maxTextLength + 1);
        int number = firstNumber;
        int offset = 0;
        do {
            int length = Math.min(maxTextLength, record.length - offset);
            boolean last = offset + length == record.length;
            byte[] text = java.util.Arrays.copyOfRange(record, offset, offset + length);
            checkText(text);
            frames.add(AstmFrame.of(number, text, last));
            number = E1381.nextFrameNumber(number);
            offset += length;
        } while (offset < record.length);
        return frames;
    }

    /** Writes one frame: {@code STX FN text ETB|ETX C1 C2 CR LF}. */
    public void write(AstmFrame frame, ByteBuf out) {
        checkNumber(frame.number());
        byte[] text = frame.text();
        if (text.length > maxTextLength) {
            throw new IllegalArgumentException("frame text longer than " + maxTextLength);
        }
        checkText(text);
        int checksum = E1381.checksum(frame.number(), text, 0, text.length, frame.last());
        out.ensureWritable(text.length + 7);
        out.writeByte(E1381.STX);
        out.writeByte('0' + frame.number());
        out.writeBytes(text);
        out.writeByte(frame.last() ? E1381.ETX : E1381.ETB);
        out.writeByte(E1381.hexDigit(checksum, 0));
        out.writeByte(E1381.hexDigit(checksum, 1));
        out.writeByte(E1381.CR);
        out.writeByte(E1381.LF);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AstmFrame frame, ByteBuf out) {
        write(frame, out);
    }

    private static void checkNumber(int number) {
        if (number < 0 || number > 7) {
            throw new IllegalArgumentException("frame number must be 0..7");
        }
    }

    private static void checkText(byte[] text) {
        for (byte b : text) {
            if (E1381.isRestricted(b)) {
                throw new IllegalArgumentException("restricted character 0x" + Integer.toHexString(b) + " in frame text");
            }
        }
    }
}
