package org.medbroker.connectors.hl7.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Wraps an outgoing message (a {@code byte[]}) in {@code <VT> ... <FS><CR>}. Stateless and shared. */
@ChannelHandler.Sharable
public final class MllpFrameEncoder extends MessageToByteEncoder<byte[]> {

    public static final MllpFrameEncoder INSTANCE = new MllpFrameEncoder();

    private MllpFrameEncoder() {
        super(byte[].class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] message, ByteBuf out) {
        out.ensureWritable(message.length + 3);
        out.writeByte(MllpFrameDecoder.VT);
        out.writeBytes(message);
        out.writeByte(MllpFrameDecoder.FS);
        out.writeByte(MllpFrameDecoder.CR);
    }
}
