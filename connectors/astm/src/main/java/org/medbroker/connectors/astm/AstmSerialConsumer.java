package org.medbroker.connectors.astm;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.medbroker.connectors.astm.transport.Backoff;
import org.medbroker.connectors.astm.transport.SerialBridge;
import org.medbroker.connectors.astm.transport.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code astm} on a serial line ({@code transport=SERIAL}): the port is opened through jSerialComm and
 * joined to the same pipeline as a TCP connection through a Netty local channel ({@link SerialBridge}).
 * A port that cannot be opened, or that disappears (USB adapter unplugged), is reopened after
 * {@code reconnectMinMillis}, doubling to {@code reconnectMaxMillis}; {@link #linkUp()} says whether it is open.
 */
public final class AstmSerialConsumer extends AstmConsumerSupport {

    private static final Logger log = LoggerFactory.getLogger(AstmSerialConsumer.class);

    private final AstmEndpoint endpoint;
    private final SerialSettings settings;
    private EventLoopGroup group;
    /** Opening a port blocks (it joins the local channel), so it runs here, never on the event loop. */
    private ScheduledExecutorService opener;
    private Channel server;
    private LocalAddress address;
    private Backoff backoff;
    private volatile SerialBridge bridge;
    private volatile boolean stopping;
    private boolean failureLogged;

    AstmSerialConsumer(AstmEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.settings = new SerialSettings(endpoint.getSerialPort(), endpoint.getBaudRate(), endpoint.getDataBits(),
                endpoint.getParity(), endpoint.getStopBits(), endpoint.getFlowControl());
    }

    @Override
    public boolean linkUp() {
        SerialBridge current = bridge;
        return current != null && current.isOpen();
    }

    @Override
    protected int idleTimeoutSeconds() {
        return 0; // a serial line is not a connection to drop
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = false;
        backoff = new Backoff(Duration.ofMillis(endpoint.getReconnectMinMillis()), Duration.ofMillis(endpoint.getReconnectMaxMillis()));
        group = new DefaultEventLoopGroup(1);
        opener = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "astm-serial-open-" + endpoint.getListenerName());
            thread.setDaemon(true);
            return thread;
        });
        address = new LocalAddress("astm-serial-" + endpoint.getListenerName() + "-" + UUID.randomUUID());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        initPipeline(channel, endpoint.getListenerName() + "(" + settings.port() + ")", settings.port());
                    }
                }).bind(address).syncUninterruptibly().channel();
        opener.execute(this::open);
    }

    private void open() {
        if (stopping) {
            return;
        }
        try {
            SerialBridge opened = SerialBridge.open(endpoint.getListenerName(), settings, group, address);
            bridge = opened;
            failureLogged = false;
            backoff.reset();
            log.info("{}: serial port {} open at {} baud, {} data bits, parity {}, {} stop bit(s), flow control {}",
                    endpoint.getListenerName(), settings.port(), settings.baudRate(), settings.dataBits(), settings.parity(),
                    settings.stopBits(), settings.flowControl());
            opened.closeFuture().addListener(f -> {
                if (!stopping) {
                    long pause = backoff.next().toMillis();
                    log.warn("{}: MB-0648: serial port {} closed; reopening in {} ms", endpoint.getListenerName(), settings.port(), pause);
                    schedule(pause);
                }
            });
        } catch (IOException | RuntimeException e) {
            long pause = backoff.next().toMillis();
            if (!failureLogged) {
                log.warn("{}: {}; retrying, next in {} ms", endpoint.getListenerName(), e.getMessage(), pause);
                failureLogged = true;
            }
            schedule(pause);
        }
    }

    private void schedule(long pauseMillis) {
        if (!stopping && !opener.isShutdown()) {
            opener.schedule(this::open, pauseMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        stopping = true;
        if (opener != null) {
            opener.shutdownNow();
            opener.awaitTermination(5, TimeUnit.SECONDS);
        }
        SerialBridge current = bridge;
        if (current != null) {
            current.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        super.doStop();
    }
}
