package org.medbroker.connectors.astm.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.E1381FrameDecoder;
import org.medbroker.connectors.astm.codec.E1381FrameEncoder;

/**
 * A link handler behind the real codecs in an {@link EmbeddedChannel} with frozen time: tests move the
 * clock with {@link #advance} and never sleep. Outbound buffers are read and released here.
 */
final class LinkTestSupport {

    private final EmbeddedChannel channel;
    final E1381LinkHandler handler;

    LinkTestSupport(E1381LinkHandler handler) {
        this.handler = handler;
        this.channel = new EmbeddedChannel(E1381FrameEncoder.STANDARD, E1381FrameDecoder.lenient(64 * 1024), handler);
        channel.freezeTime();
    }

    LinkTestSupport(E1381LinkOptions options) {
        this(new E1381LinkHandler("TEST", options));
    }

    /** Feeds bytes from the peer. */
    LinkTestSupport in(byte[]... chunks) {
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
        }
        return this;
    }

    LinkTestSupport in(byte control) {
        return in(new byte[] {control});
    }

    /** What the handler wrote since the last call: control characters as {@code <ACK>}, frames as {@code [F1]}. */
    String out() {
        return describe(rawOut());
    }

    /** The bytes the handler wrote since the last call. */
    byte[] rawOut() {
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
        return bytes.toByteArray();
    }

    /** The next object fired upstream, or null. */
    Object upstream() {
        return channel.readInbound();
    }

    void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    void close() {
        channel.finishAndReleaseAll();
    }

    static String describe(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            switch (bytes[i]) {
                case E1381.ENQ -> s.append("<ENQ>");
                case E1381.ACK -> s.append("<ACK>");
                case E1381.NAK -> s.append("<NAK>");
                case E1381.EOT -> s.append("<EOT>");
                case E1381.STX -> {
                    s.append("[F").append((char) bytes[i + 1]).append(']');
                    while (bytes[i] != E1381.LF) {
                        i++;
                    }
                }
                default -> s.append(String.format("<%02X>", bytes[i]));
            }
        }
        return s.toString();
    }

    /** A frame with its checksum, or with the checksum off by one when {@code corrupt}. */
    static byte[] frame(int number, String text, boolean last, boolean corrupt) {
        byte[] t = ascii(text);
        int sum = (E1381.checksum(number, t, 0, t.length, last) + (corrupt ? 1 : 0)) & 0xFF;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(E1381.STX);
        out.write('0' + number);
        out.writeBytes(t);
        out.write(last ? E1381.ETX : E1381.ETB);
        out.writeBytes(ascii(String.format("%02X", sum)));
        out.write(E1381.CR);
        out.write(E1381.LF);
        return out.toByteArray();
    }

    static byte[] frame(int number, String text, boolean last) {
        return frame(number, text, last, false);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(ReceivedMessage m) {
        return new String(m.records(), StandardCharsets.ISO_8859_1);
    }
}
