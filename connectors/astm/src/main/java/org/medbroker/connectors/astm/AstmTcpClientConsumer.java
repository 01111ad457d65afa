package org.medbroker.connectors.astm;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.medbroker.connectors.astm.transport.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side of {@code astm} ({@code transport=TCP_CLIENT}): for analyzers that listen (or a
 * serial-to-Ethernet converter in server mode). Keeps one connection to {@code host:port}; when it fails
 * or drops it connects again after {@code reconnectMinMillis}, doubling to {@code reconnectMaxMillis}.
 */
public final class AstmTcpClientConsumer extends AstmConsumerSupport {

    private static final Logger log = LoggerFactory.getLogger(AstmTcpClientConsumer.class);

    private final AstmEndpoint endpoint;
    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private Backoff backoff;
    private volatile boolean up;
    private volatile boolean stopping;
    private boolean failureLogged;

    AstmTcpClientConsumer(AstmEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    public boolean linkUp() {
        return up;
    }

    @Override
    protected int idleTimeoutSeconds() {
        return 0; // the connection is ours to keep, however quiet the analyzer
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        backoff = new Backoff(Duration.ofMillis(endpoint.getReconnectMinMillis()), Duration.ofMillis(endpoint.getReconnectMaxMillis()));
        group = new NioEventLoopGroup(1);
        String remote = endpoint.getHost() + ":" + endpoint.getPort();
        bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initPipeline(channel, endpoint.getListenerName() + "(" + channel.id().asShortText() + ")", remote);
                    }
                });
        connect();
        log.info("{}: connecting to the analyzer at {} ({} framing)", endpoint.getListenerName(), remote, endpoint.getFraming());
    }

    private void connect() {
        if (stopping) {
            return;
        }
        ChannelFuture connecting = bootstrap.connect(endpoint.getHost(), endpoint.getPort());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                long pause = backoff.next().toMillis();
                if (!failureLogged) {
                    log.warn("{}: MB-0646: cannot connect to the analyzer at {}:{} ({}); retrying, next in {} ms",
                            endpoint.getListenerName(), endpoint.getHost(), endpoint.getPort(), f.cause().getClass().getSimpleName(), pause);
                    failureLogged = true;
                }
                schedule(pause);
                return;
            }
            up = true;
            failureLogged = false;
            backoff.reset();
            connecting.channel().closeFuture().addListener(c -> {
                up = false;
                if (!stopping) {
                    long pause = backoff.next().toMillis();
                    log.warn("{}: MB-0647: connection to the analyzer lost; reconnecting in {} ms", endpoint.getListenerName(), pause);
                    schedule(pause);
                }
            });
        });
    }

    private void schedule(long pauseMillis) {
        if (!stopping && !group.isShuttingDown()) {
            group.schedule(this::connect, pauseMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        up = false;
        super.doStop();
    }
}
