package org.medbroker.connectors.astm.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs bytes through a decoder in an {@link EmbeddedChannel}; the decoder releases every inbound buffer. */
final class CodecTestSupport {

    private CodecTestSupport() {
    }

    static List<E1381Event> decode(Supplier<E1381FrameDecoder> decoder, byte[]... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        channel.finish();
        List<E1381Event> events = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            events.add((E1381Event) o);
        }
        return events;
    }

    /** Encodes frames through the encoder in a channel and returns the bytes written; releases them. */
    static byte[] encode(E1381FrameEncoder encoder, List<AstmFrame> frames) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        for (AstmFrame frame : frames) {
            channel.writeOutbound(frame);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            try {
                byte[] b = new byte[buf.readableBytes()];
                buf.readBytes(b);
                bytes.writeBytes(b);
            } finally {
                buf.release();
            }
        }
        channel.finishAndReleaseAll();
        return bytes.toByteArray();
    }

    /** Writes a frame by hand, checksum computed, so tests can bend it. */
    static byte[] frame(int number, String text, boolean last) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        int sum = E1381.checksum(number, t, 0, t.length, last);
        return concat(new byte[] {E1381.STX, (byte) ('0' + number)}, t,
                new byte[] {last ? E1381.ETX : E1381.ETB, E1381.hexDigit(sum, 0), E1381.hexDigit(sum, 1), E1381.CR, E1381.LF});
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
