package org.medbroker.connectors.hl7;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.medbroker.connectors.tcp.PeerFilter;
import org.medbroker.connectors.tcp.ServerTls;
import org.medbroker.connectors.tcp.TcpServer;
import org.apache.camel.support.DefaultConsumer;
import org.medbroker.connectors.hl7.message.AckBuilder;
import org.medbroker.connectors.hl7.mllp.MllpFrameDecoder;
import org.medbroker.connectors.hl7.mllp.MllpFrameEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening side of {@code hl7mllp}: a Netty server, one {@link Hl7MllpServerHandler} per connection. */
public final class Hl7MllpTcpServerConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(Hl7MllpTcpServerConsumer.class);

    private final Hl7MllpEndpoint endpoint;
    private TcpServer server;

    Hl7MllpTcpServerConsumer(Hl7MllpEndpoint endpoint, Processor processor) {
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
        SslContext ssl = endpoint.getKeyStore() == null || endpoint.getKeyStore().isBlank() ? null : sslContext();
        PeerFilter peers = new PeerFilter(endpoint.getAllowedPeers());
        AckBuilder acks = new AckBuilder(endpoint.getAckApplication(), endpoint.getAckFacility());
        server = TcpServer.bind(endpoint.getHost(), endpoint.getPort(), 256, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                if (ssl != null) {
                    channel.pipeline().addLast("tls", ssl.newHandler(channel.alloc()));
                }
                channel.pipeline()
                        .addLast("idle", new IdleStateHandler(endpoint.getIdleTimeoutSeconds(), 0, 0, TimeUnit.SECONDS))
                        .addLast("mllp-decoder", new MllpFrameDecoder(endpoint.getMaxBlockBytes()))
                        .addLast("mllp-encoder", MllpFrameEncoder.INSTANCE)
                        .addLast("hl7", new Hl7MllpServerHandler(Hl7MllpTcpServerConsumer.this, peers, acks));
            }
        });
        log.info("{}: listening for HL7 v2 over MLLP{} on {}", endpoint.getListenerName(), ssl == null ? "" : " (TLS)",
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

    Hl7MllpEndpoint endpoint() {
        return endpoint;
    }

    private SslContext sslContext() throws Exception {
        return ServerTls.fromKeyStore(Path.of(endpoint.getKeyStore()), endpoint.getKeyStorePassword(), endpoint.getKeyStoreType());
    }
}
