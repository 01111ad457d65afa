package org.medbroker.connectors.astm;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.medbroker.connectors.tcp.PeerFilter;
import org.medbroker.connectors.tcp.TcpServer;
import org.apache.camel.support.DefaultConsumer;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.E1381FrameDecoder;
import org.medbroker.connectors.astm.codec.E1381FrameEncoder;
import org.medbroker.connectors.astm.codec.FramingMode;
import org.medbroker.connectors.astm.link.E1381LinkHandler;
import org.medbroker.connectors.astm.link.E1381LinkOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of {@code astm}: a Netty server; per connection
 *
 * <pre>
 *   idle  E1381FrameDecoder  E1381FrameEncoder  E1381LinkHandler  AstmServerHandler
 *         (bytes to events)  (frames to bytes)  (ENQ/ACK/NAK/EOT)  (ReceivedMessage to exchange)
 * </pre>
 *
 * <p>A peer outside {@code allowedPeers} is closed before any handler is added, so it never gets an ACK.
 */
public final class AstmTcpServerConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(AstmTcpServerConsumer.class);

    private final AstmEndpoint endpoint;
    private TcpServer server;

    AstmTcpServerConsumer(AstmEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** The port actually bound (useful when the endpoint asked for port 0). */
    public int boundPort() {
        return server.port();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        PeerFilter peers = new PeerFilter(endpoint.getAllowedPeers());
        // PLAIN blocks carry no frame number, so there is no sequence to check
        E1381LinkOptions options = E1381LinkOptions.DEFAULTS.withLenientFrameNumbers(
                endpoint.isLenientFrameNumbers() || endpoint.getFraming() == FramingMode.PLAIN);
        server = TcpServer.bind(endpoint.getHost(), endpoint.getPort(), 64, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                String connection = endpoint.getListenerName() + "(" + channel.id().asShortText() + ")";
                InetSocketAddress address = channel.remoteAddress();
                String remote = address.getAddress().getHostAddress() + ":" + address.getPort();
                if (!peers.allows(address.getAddress())) {
                    log.warn("{}: MB-0635: connection from {} refused: not in the listener's allowed peers; add it to allowedPeers",
                            connection, remote);
                    channel.close();
                    return;
                }
                AstmServerHandler messages = new AstmServerHandler(AstmTcpServerConsumer.this, connection, remote);
                channel.pipeline()
                        .addLast("idle", new IdleStateHandler(endpoint.getIdleTimeoutSeconds(), 0, 0, TimeUnit.SECONDS))
                        .addLast("e1381-decoder", new E1381FrameDecoder(endpoint.getFraming(),
                                E1381.STANDARD_MAX_TEXT_LENGTH, endpoint.getMaxFrameText()))
                        .addLast("e1381-encoder", E1381FrameEncoder.STANDARD)
                        .addLast("e1381-link", new E1381LinkHandler(endpoint.getListenerName(), options,
                                messages::busy, E1381FrameEncoder.STANDARD))
                        .addLast("astm", messages);
            }
        });
        log.info("{}: listening for ASTM ({} framing) on {}", endpoint.getListenerName(), endpoint.getFraming(),
                server.localAddress());
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        super.doStop();
    }

    AstmEndpoint endpoint() {
        return endpoint;
    }
}
