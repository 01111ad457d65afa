package org.medbroker.connectors.hl7.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Cuts an MLLP byte stream into blocks.
 *
 * <pre>
 *   0x0B  HL7 message bytes ...  0x1C 0x0D
 *   VT                           FS   CR
 * </pre>
 *
 * Lenient where real senders bend the rule: bytes between blocks are skipped and reported, a
 * {@code <VT>} inside a block restarts the block (the sender gave up on the first), and an
 * {@code <FS>} not followed by {@code <CR>} still ends the block. A block above
 * {@code maxBlockBytes} is discarded up to its end and reported with its head. Several blocks in
 * one read (pipelining) each come out in order. The decoder never throws on bad input.
 *
 * <p>Buffers: {@link ByteToMessageDecoder} owns and releases the cumulation; everything emitted is a
 * heap copy ({@code byte[]}), so no reference-counted object leaves this handler. A block that
 * arrives in many reads is scanned once: {@code scanned} remembers how far the search for its end got.
 */
public final class MllpFrameDecoder extends ByteToMessageDecoder {

    public static final byte VT = 0x0B;
    public static final byte FS = 0x1C;
    public static final byte CR = 0x0D;

    private static final int HEAD_BYTES = 4096;
    private static final ByteProcessor FIND_END_OR_RESTART = b -> b != FS && b != VT;

    private final int maxBlockBytes;
    private boolean inBlock;
    private boolean discarding;
    private boolean afterFs;
    /** Bytes after the reader index already searched for the end of the current block without finding it. */
    private int scanned;
    private long discardedTotal;
    private final ByteArrayOutputStream discardedHead = new ByteArrayOutputStream();
    private int outOfBand;

    public MllpFrameDecoder(int maxBlockBytes) {
        this.maxBlockBytes = maxBlockBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (afterFs) {
                afterFs = false;
                if (in.getByte(in.readerIndex()) == CR) {
                    in.skipBytes(1);
                    continue;
                }
            }
            if (!inBlock) {
                int vt = in.indexOf(in.readerIndex(), in.writerIndex(), VT);
                int skipped = (vt < 0 ? in.writerIndex() : vt) - in.readerIndex();
                outOfBand += skipped;
                in.skipBytes(skipped);
                if (vt < 0) {
                    break;
                }
                in.skipBytes(1);
                flushOutOfBand(out);
                inBlock = true;
                continue;
            }
            if (discarding) {
                discardUntilEnd(in, out);
                continue;
            }
            int end = in.forEachByte(in.readerIndex() + scanned, in.readableBytes() - scanned, FIND_END_OR_RESTART);
            if (end < 0) {
                scanned = in.readableBytes();
                if (scanned > maxBlockBytes) {
                    startDiscarding();
                    continue;
                }
                break;
            }
            scanned = 0;
            byte marker = in.getByte(end);
            int length = end - in.readerIndex();
            if (marker == VT) {
                in.skipBytes(length + 1);
                out.add(new MllpFrame.OutOfBand(length + 1));
                continue;
            }
            if (length > maxBlockBytes) {
                byte[] head = new byte[Math.min(length, HEAD_BYTES)];
                in.getBytes(in.readerIndex(), head);
                in.skipBytes(length + 1);
                inBlock = false;
                afterFs = true;
                out.add(new MllpFrame.TooLong(head, length));
                continue;
            }
            byte[] content = new byte[length];
            in.readBytes(content);
            in.skipBytes(1);
            inBlock = false;
            afterFs = true;
            out.add(new MllpFrame.Block(content));
        }
        flushOutOfBand(out);
    }

    private void startDiscarding() {
        discarding = true;
        scanned = 0;
        discardedTotal = 0;
        discardedHead.reset();
    }

    /**
     * Skips the rest of an over-long block up to its {@code <FS>}, keeping its head. A {@code <VT>}
     * first means the sender abandoned it, as in a normal block: out of band, and a new block starts.
     */
    private void discardUntilEnd(ByteBuf in, List<Object> out) {
        int end = in.forEachByte(in.readerIndex(), in.readableBytes(), FIND_END_OR_RESTART);
        int upTo = end < 0 ? in.writerIndex() : end;
        int n = upTo - in.readerIndex();
        int keep = Math.min(n, HEAD_BYTES - discardedHead.size());
        if (keep > 0) {
            byte[] part = new byte[keep];
            in.getBytes(in.readerIndex(), part);
            discardedHead.writeBytes(part);
        }
        discardedTotal += n;
        in.skipBytes(n);
        if (end >= 0 && in.readByte() == VT) {
            discarding = false;
            out.add(new MllpFrame.OutOfBand((int) Math.min(Integer.MAX_VALUE, discardedTotal + 1)));
        } else if (end >= 0) {
            discarding = false;
            inBlock = false;
            afterFs = true;
            out.add(new MllpFrame.TooLong(discardedHead.toByteArray(), discardedTotal));
        }
    }

    private void flushOutOfBand(List<Object> out) {
        if (outOfBand > 0) {
            out.add(new MllpFrame.OutOfBand(outOfBand));
            outOfBand = 0;
        }
    }
}
