package org.medbroker.connectors.astm;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.camel.Processor;
import org.medbroker.connectors.tcp.PeerFilter;
import org.medbroker.connectors.tcp.ServerTls;
import org.medbroker.connectors.tcp.TcpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of {@code astm}: a Netty server; each connection gets the pipeline of
 * {@link AstmConsumerSupport}.
 *
 * <p>A peer outside {@code allowedPeers} is closed before any handler is added, so it never gets an ACK.
 */
public final class AstmTcpServerConsumer extends AstmConsumerSupport {

    private static final Logger log = LoggerFactory.getLogger(AstmTcpServerConsumer.class);

    private final AstmEndpoint endpoint;
    private TcpServer server;

    AstmTcpServerConsumer(AstmEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public boolean linkUp() {
        return server != null;
    }

    /** The port actually bound (useful when the endpoint asked for port 0). */
    public int boundPort() {
        return server.port();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        PeerFilter peers = new PeerFilter(endpoint.getAllowedPeers());
        SslContext tls = endpoint.getKeyStore().isBlank() ? null
                : ServerTls.fromKeyStore(Path.of(endpoint.getKeyStore()), endpoint.getKeyStorePassword(), endpoint.getKeyStoreType());
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
                if (tls != null) {
                    channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
                }
                initPipeline(channel, connection, remote);
            }
        });
        log.info("{}: listening for ASTM ({} framing{}) on {}", endpoint.getListenerName(), endpoint.getFraming(),
                tls != null ? ", TLS" : "", server.localAddress());
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
        super.doStop();
    }
}
