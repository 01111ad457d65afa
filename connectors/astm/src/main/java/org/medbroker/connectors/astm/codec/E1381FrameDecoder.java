package org.medbroker.connectors.astm.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * Cuts a byte stream into E1381 events: frames (ASTM E1381-02 / CLSI LIS1-A clause 6.3), the control
 * characters ENQ, ACK, NAK, EOT (clauses 6.2, 6.4, 6.5) and skipped noise.
 *
 * <pre>
 *   STX  FN  text ...  ETB|ETX  C1 C2  [CR] [LF]          ({@link FramingMode#E1381})
 *   STX  text ...  ETB|ETX  [CR] [LF]                      ({@link FramingMode#PLAIN})
 * </pre>
 *
 * <p>The decoder never throws on bad input and keeps no frame-number state: checking the sequence and
 * answering ACK/NAK is the link layer's job. A bad checksum gives an {@link AstmFrame} with
 * {@link AstmFrame.Checksum#INVALID}; text over {@code maxTextLength}, a byte after STX that is not a
 * frame number, or an STX/EOT/ENQ inside a frame give a {@link FrameError} once the bytes up to the next
 * frame boundary are discarded. A frame is emitted as soon as its second checksum digit arrives, so a
 * device that sends no CR/LF (or only one of them) is not kept waiting; CR and LF between frames are
 * taken as trailers. Tolerated departures (text over {@code standardTextLength}, lower-case checksum,
 * LF in the text) are reported as {@link FrameDeviation}s.
 *
 * <p>Buffers: {@link ByteToMessageDecoder} owns and releases the cumulation; every byte is consumed as
 * it is read and copied into a heap array, so nothing reference-counted leaves this handler and the
 * result does not depend on how the stream was split into reads. Not sharable: one per channel.
 */
public final class E1381FrameDecoder extends ByteToMessageDecoder {

    private enum State { IDLE, FRAME_NUMBER, TEXT, CHECKSUM_1, CHECKSUM_2, DISCARD, DISCARD_CHECKSUM }

    private final FramingMode mode;
    private final int standardTextLength;
    private final int maxTextLength;

    private State state = State.IDLE;
    private byte[] text;
    private int textLength;
    private int frameNumber;
    private int sum;
    private boolean last;
    private int checksumHigh;
    private boolean lowerCase;
    private boolean lineFeed;
    private int noise;
    private int discarded;
    private int discardChecksumLeft;
    private FrameError.Reason discardReason;

    /**
     * @param mode E1381 frames with number and checksum, or plain STX...ETX blocks
     * @param standardTextLength text length above which a frame is flagged
     *        {@link FrameDeviation#TEXT_OVER_STANDARD_LENGTH} (247 by E1381)
     * @param maxTextLength text length above which a frame is discarded; equal to
     *        {@code standardTextLength} for a strict decoder, larger for devices that send whole
     *        messages in one frame
     */
    public E1381FrameDecoder(FramingMode mode, int standardTextLength, int maxTextLength) {
        if (standardTextLength < 1 || maxTextLength < standardTextLength) {
            throw new IllegalArgumentException("need 1 <= standardTextLength <= maxTextLength");
        }
        if (mode == FramingMode.RECORDS) {
            throw new IllegalArgumentException("RECORDS has no frames; use link.RecordStreamDecoder");
        }
        this.mode = mode;
        this.standardTextLength = standardTextLength;
        this.maxTextLength = maxTextLength;
        this.text = new byte[Math.min(maxTextLength, 256)];
    }

    /** Strict E1381: frames of at most 247 characters. */
    public static E1381FrameDecoder strict() {
        return new E1381FrameDecoder(FramingMode.E1381, E1381.STANDARD_MAX_TEXT_LENGTH, E1381.STANDARD_MAX_TEXT_LENGTH);
    }

    /** E1381 framing that accepts frames of up to {@code maxTextLength} characters, flagging the long ones. */
    public static E1381FrameDecoder lenient(int maxTextLength) {
        return new E1381FrameDecoder(FramingMode.E1381, E1381.STANDARD_MAX_TEXT_LENGTH, maxTextLength);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            step(in.getByte(in.readerIndex()), in, out);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        switch (state) {
            case IDLE -> { }
            case DISCARD, DISCARD_CHECKSUM -> out.add(new FrameError(discardReason, discarded));
            default -> out.add(new FrameError(FrameError.Reason.TRUNCATED, frameBytesSoFar()));
        }
        state = State.IDLE;
        flushNoise(out);
    }

    /** Looks at {@code b}, the next unread byte of {@code in}, and consumes it unless another state must see it. */
    private void step(byte b, ByteBuf in, List<Object> out) {
        switch (state) {
            case IDLE -> {
                in.skipBytes(1);
                if (b == E1381.STX) {
                    flushNoise(out);
                    startFrame();
                } else if (AstmControl.of(b) != null) {
                    flushNoise(out);
                    out.add(AstmControl.of(b));
                } else if (b != E1381.CR && b != E1381.LF) {
                    if (++noise >= maxTextLength) {
                        flushNoise(out);
                    }
                }
            }
            case FRAME_NUMBER -> {
                if (b >= '0' && b <= '7') {
                    in.skipBytes(1);
                    frameNumber = b - '0';
                    sum = b;
                    state = State.TEXT;
                } else if (interrupts(b)) {
                    interrupted(out);
                } else {
                    discard(FrameError.Reason.BAD_FRAME_NUMBER, 1);
                }
            }
            case TEXT -> {
                if (b == E1381.ETX || b == E1381.ETB) {
                    in.skipBytes(1);
                    last = b == E1381.ETX;
                    sum += b;
                    if (mode == FramingMode.E1381) {
                        state = State.CHECKSUM_1;
                    } else {
                        emitFrame(AstmFrame.Checksum.ABSENT, out);
                    }
                } else if (interrupts(b)) {
                    interrupted(out);
                } else if (textLength == maxTextLength) {
                    discard(FrameError.Reason.TOO_LONG, frameBytesSoFar());
                } else {
                    in.skipBytes(1);
                    append(b);
                }
            }
            case CHECKSUM_1, CHECKSUM_2 -> {
                if (interrupts(b)) {
                    interrupted(out);
                    return;
                }
                in.skipBytes(1);
                int v = E1381.hexValue(b);
                lowerCase |= b >= 'a' && b <= 'f';
                if (state == State.CHECKSUM_1) {
                    checksumHigh = v;
                    state = State.CHECKSUM_2;
                } else {
                    boolean ok = checksumHigh >= 0 && v >= 0 && ((checksumHigh << 4) | v) == (sum & 0xFF);
                    emitFrame(ok ? AstmFrame.Checksum.VALID : AstmFrame.Checksum.INVALID, out);
                }
            }
            case DISCARD -> {
                if (interrupts(b)) {
                    endDiscard(out);
                } else {
                    in.skipBytes(1);
                    discarded++;
                    if (b == E1381.ETX || b == E1381.ETB) {
                        if (mode == FramingMode.E1381) {
                            discardChecksumLeft = 2;
                            state = State.DISCARD_CHECKSUM;
                        } else {
                            endDiscard(out);
                        }
                    }
                }
            }
            case DISCARD_CHECKSUM -> {
                if (interrupts(b)) {
                    endDiscard(out);
                } else {
                    in.skipBytes(1);
                    discarded++;
                    if (--discardChecksumLeft == 0) {
                        endDiscard(out);
                    }
                }
            }
        }
    }

    private static boolean interrupts(byte b) {
        return b == E1381.STX || b == E1381.EOT || b == E1381.ENQ;
    }

    private void startFrame() {
        textLength = 0;
        sum = 0;
        lowerCase = false;
        lineFeed = false;
        frameNumber = AstmFrame.NO_NUMBER;
        state = mode == FramingMode.E1381 ? State.FRAME_NUMBER : State.TEXT;
    }

    private void append(byte b) {
        if (textLength == text.length) {
            text = Arrays.copyOf(text, (int) Math.min(maxTextLength, 2L * text.length));
        }
        text[textLength++] = b;
        sum += b & 0xFF;
        lineFeed |= b == E1381.LF;
    }

    private int frameBytesSoFar() {
        int bytes = 1 + textLength;
        if (frameNumber != AstmFrame.NO_NUMBER) {
            bytes++;
        }
        if (state == State.CHECKSUM_1 || state == State.CHECKSUM_2) {
            bytes += state == State.CHECKSUM_2 ? 2 : 1;
        }
        return bytes;
    }

    private void interrupted(List<Object> out) {
        out.add(new FrameError(FrameError.Reason.INTERRUPTED, frameBytesSoFar()));
        state = State.IDLE;
    }

    private void discard(FrameError.Reason reason, int bytesSoFar) {
        discardReason = reason;
        discarded = bytesSoFar;
        state = State.DISCARD;
        if (text.length > 256) {
            text = new byte[256];
        }
    }

    private void endDiscard(List<Object> out) {
        out.add(new FrameError(discardReason, discarded));
        state = State.IDLE;
    }

    private void emitFrame(AstmFrame.Checksum checksum, List<Object> out) {
        EnumSet<FrameDeviation> deviations = EnumSet.noneOf(FrameDeviation.class);
        if (textLength > standardTextLength) {
            deviations.add(FrameDeviation.TEXT_OVER_STANDARD_LENGTH);
        }
        if (lowerCase) {
            deviations.add(FrameDeviation.LOWER_CASE_CHECKSUM);
        }
        if (lineFeed) {
            deviations.add(FrameDeviation.LINE_FEED_IN_TEXT);
        }
        out.add(new AstmFrame(frameNumber, Arrays.copyOf(text, textLength), last, checksum, deviations));
        state = State.IDLE;
        if (text.length > 256) {
            text = new byte[256];
        }
    }

    private void flushNoise(List<Object> out) {
        if (noise > 0) {
            out.add(new NoiseSkipped(noise));
            noise = 0;
        }
    }
}
