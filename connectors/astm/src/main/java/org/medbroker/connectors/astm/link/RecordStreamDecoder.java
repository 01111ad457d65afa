package org.medbroker.connectors.astm.link;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The link layer for analyzers that send E1394 records over TCP without E1381: records separated by CR
 * (LF and CR LF accepted), a message ending with its L record ({@code L} then the field delimiter), or,
 * with {@code mllp}, a message per MLLP block {@code <VT> records <FS><CR>}. Emits one
 * {@link ReceivedMessage} per message, records ending in CR; a message cut off by the connection closing
 * or by {@code maxMessageLength} is emitted flagged incomplete. There is nothing to acknowledge.
 *
 * <p>Buffers: the cumulation is owned and released by {@link ByteToMessageDecoder}; bytes are copied out.
 */
public final class RecordStreamDecoder extends ByteToMessageDecoder {

    static final byte VT = 0x0B;
    static final byte FS = 0x1C;

    private final boolean mllp;
    private final int maxMessageLength;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private int records;
    private int recordLength;
    private byte first;
    private byte second;
    private boolean inBlock;
    private boolean overflow;

    public RecordStreamDecoder(boolean mllp, int maxMessageLength) {
        if (maxMessageLength < 1) {
            throw new IllegalArgumentException("maxMessageLength must be positive");
        }
        this.mllp = mllp;
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            byte b = in.readByte();
            if (mllp) {
                if (b == VT) {
                    resetMessage();
                    inBlock = true;
                    continue;
                }
                if (!inBlock) {
                    continue; // noise between blocks, and the CR after FS
                }
                if (b == FS) {
                    endRecord();
                    inBlock = false;
                    emit(out, false);
                    continue;
                }
            }
            if (b == '\r' || b == '\n') {
                boolean terminator = endRecord();
                if (terminator && !mllp) {
                    emit(out, false);
                }
            } else {
                if (recordLength == 0) {
                    first = b;
                } else if (recordLength == 1) {
                    second = b;
                }
                recordLength++;
                if (message.size() + record.size() < maxMessageLength) {
                    record.write(b);
                } else {
                    overflow = true;
                }
            }
        }
    }

    /** Moves the record to the message (as much as fits); true when it was an L record. */
    private boolean endRecord() {
        if (recordLength == 0) {
            return false;
        }
        boolean terminator = first == 'L' && (recordLength == 1 || !Character.isLetterOrDigit(second));
        if (record.size() > 0) {
            message.writeBytes(record.toByteArray());
            message.write('\r');
        }
        record.reset();
        recordLength = 0;
        records++;
        return terminator;
    }

    private void emit(List<Object> out, boolean cut) {
        if (records > 0) {
            out.add(new ReceivedMessage(message.toByteArray(), records, cut || overflow));
        }
        resetMessage();
    }

    private void resetMessage() {
        message.reset();
        record.reset();
        records = 0;
        recordLength = 0;
        overflow = false;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        endRecord();
        emit(out, true);
    }
}
