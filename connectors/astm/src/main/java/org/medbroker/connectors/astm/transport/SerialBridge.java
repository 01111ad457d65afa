package org.medbroker.connectors.astm.transport;

import com.fazecast.jSerialComm.SerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open serial port joined to a Netty {@link LocalChannel}: bytes read from the port are written into
 * the channel (so the server side of the local address sees them as received), and bytes the pipeline
 * writes come out of the channel here and are written to the port. A reader thread polls the port
 * (semi-blocking reads of at most 100 ms); a read error (USB adapter unplugged) closes the channel, and
 * the owner reopens with backoff. jSerialComm sets the line: speed, data bits, parity, stop bits, flow
 * control.
 *
 * <p>Buffers: the buffers read from the port are handed to the channel, which releases them; the buffers
 * arriving from the pipeline are released here after the write to the port.
 */
public final class SerialBridge implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SerialBridge.class);

    private final String name;
    private final SerialPort port;
    private final Channel channel;
    private final Thread reader;
    private volatile boolean open = true;

    private SerialBridge(String name, SerialPort port, Channel channel) {
        this.name = name;
        this.port = port;
        this.channel = channel;
        this.reader = new Thread(this::read, "astm-serial-" + name);
        this.reader.setDaemon(true);
    }

    /** Opens the port and connects it to {@code address}; fails with an IOException saying why. */
    public static SerialBridge open(String name, SerialSettings settings, EventLoopGroup group, LocalAddress address) throws IOException {
        SerialPort port = SerialPort.getCommPort(settings.port());
        port.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings.stopBits()), parity(settings.parity()));
        port.setFlowControl(flowControl(settings.flowControl()));
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100, 0);
        if (!port.openPort()) {
            throw new IOException("MB-0642: serial port " + settings.port() + " cannot be opened (error " + port.getLastErrorCode()
                    + "); check the device name, that it is plugged in and that the broker may use it (group dialout)");
        }
        SerialBridge[] self = new SerialBridge[1];
        Channel channel;
        try {
            channel = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf buf = (ByteBuf) msg;
                    try {
                        byte[] bytes = new byte[buf.readableBytes()];
                        buf.readBytes(bytes);
                        if (port.writeBytes(bytes, bytes.length) != bytes.length) {
                            log.warn("{}: MB-0643: write to the serial port failed; closing it", name);
                            ctx.close();
                        }
                    } finally {
                        buf.release();
                    }
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (self[0] != null) {
                        self[0].closePort();
                    }
                }
            }).connect(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            port.closePort();
            throw new IOException("MB-0644: serial port " + settings.port() + " opened but not joined to the listener", e);
        }
        SerialBridge bridge = new SerialBridge(name, port, channel);
        self[0] = bridge;
        bridge.reader.start();
        return bridge;
    }

    /** Completes when the line is gone (read error, unplugged, or closed). */
    public io.netty.channel.ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    public boolean isOpen() {
        return open && channel.isActive();
    }

    private void read() {
        byte[] buffer = new byte[4096];
        while (open) {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0 || !port.isOpen()) {
                if (open) {
                    log.warn("{}: MB-0645: the serial port stopped answering (unplugged?); it will be reopened", name);
                }
                break;
            }
            if (n > 0) {
                channel.writeAndFlush(Unpooled.copiedBuffer(buffer, 0, n));
            }
        }
        channel.close();
    }

    private void closePort() {
        open = false;
        port.closePort();
    }

    @Override
    public void close() {
        open = false;
        channel.close().syncUninterruptibly();
        port.closePort();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int stopBits(String stopBits) {
        return switch (stopBits) {
            case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case "2" -> SerialPort.TWO_STOP_BITS;
            default -> SerialPort.ONE_STOP_BIT;
        };
    }

    static int parity(String parity) {
        return switch (parity.toUpperCase(Locale.ROOT)) {
            case "ODD" -> SerialPort.ODD_PARITY;
            case "EVEN" -> SerialPort.EVEN_PARITY;
            case "MARK" -> SerialPort.MARK_PARITY;
            case "SPACE" -> SerialPort.SPACE_PARITY;
            default -> SerialPort.NO_PARITY;
        };
    }

    static int flowControl(String flowControl) {
        return switch (flowControl.toUpperCase(Locale.ROOT).replace('-', '_')) {
            case "RTS_CTS" -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case "XON_XOFF" -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            default -> SerialPort.FLOW_CONTROL_DISABLED;
        };
    }
}
