package org.medbroker.connectors.hl7.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.medbroker.connectors.hl7.mllp.MllpFrameDecoder;
import org.medbroker.connectors.hl7.mllp.MllpFrameEncoder;

/**
 * Opens MLLP connections to one peer. The event loop group belongs to the caller (one for all
 * outbound peers is enough: the work per message is a write and a short read).
 */
public final class MllpClient {

    private final EventLoopGroup group;
    private final String host;
    private final int port;
    private final Optional<SslContext> tls;
    private final Duration connectTimeout;
    private final int maxAckBytes;

    /**
     * @param maxAckBytes the largest acknowledgement accepted; a longer reply fails the exchange
     */
    public MllpClient(EventLoopGroup group, String host, int port, Optional<SslContext> tls, Duration connectTimeout,
            int maxAckBytes) {
        this.group = group;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.maxAckBytes = maxAckBytes;
    }

    /** A new connection; throws {@link MllpConnectException} when the peer refuses or does not answer in time. */
    public MllpConnection connect() throws MllpConnectException, InterruptedException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        tls.ifPresent(ssl -> channel.pipeline().addLast("tls", ssl.newHandler(channel.alloc(), host, port)));
                        channel.pipeline()
                                .addLast("mllp-decoder", new MllpFrameDecoder(maxAckBytes))
                                .addLast("mllp-encoder", MllpFrameEncoder.INSTANCE)
                                .addLast("ack", new MllpAckHandler());
                    }
                });
        ChannelFuture connected = bootstrap.connect(new InetSocketAddress(host, port));
        if (!connected.await(connectTimeout.toMillis() + 1000) || !connected.isSuccess()) {
            connected.channel().close();
            Throwable cause = connected.cause();
            throw new MllpConnectException("MB-0701: cannot connect to " + host + ":" + port + ": "
                    + (cause == null ? "timed out" : cause.getMessage()), cause);
        }
        Channel channel = connected.channel();
        return new MllpConnection(channel, channel.pipeline().get(MllpAckHandler.class));
    }

    public String peer() {
        return host + ":" + port;
    }

    /** The peer could not be reached: nothing was sent. */
    public static final class MllpConnectException extends IOException {
        public MllpConnectException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
