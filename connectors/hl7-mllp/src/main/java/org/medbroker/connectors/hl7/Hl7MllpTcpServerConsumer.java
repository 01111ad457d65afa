package org.medbroker.connectors.hl7;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.apache.camel.Processor;
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
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    Hl7MllpTcpServerConsumer(Hl7MllpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** The port actually bound (useful when the endpoint asked for port 0). */
    public int boundPort() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        SslContext ssl = endpoint.getKeyStore() == null || endpoint.getKeyStore().isBlank() ? null : sslContext();
        PeerFilter peers = new PeerFilter(endpoint.getAllowedPeers());
        AckBuilder acks = new AckBuilder(endpoint.getAckApplication(), endpoint.getAckFacility());
        bossGroup = new NioEventLoopGroup(1);
        workerGroup = new NioEventLoopGroup();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
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
        serverChannel = bootstrap.bind(endpoint.getHost(), endpoint.getPort()).sync().channel();
        log.info("{}: listening for HL7 v2 over MLLP{} on {}", endpoint.getListenerName(), ssl == null ? "" : " (TLS)",
                serverChannel.localAddress());
    }

    @Override
    protected void doStop() throws Exception {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        super.doStop();
    }

    Hl7MllpEndpoint endpoint() {
        return endpoint;
    }

    private SslContext sslContext() throws Exception {
        KeyStore keyStore = KeyStore.getInstance(endpoint.getKeyStoreType());
        char[] password = endpoint.getKeyStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(endpoint.getKeyStore()))) {
            keyStore.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, password);
        return SslContextBuilder.forServer(keyManagers).build();
    }
}
