package org.medbroker.connectors.hl7;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.medbroker.connectors.tcp.PeerFilter;
import org.medbroker.connectors.hl7.message.AckBuilder;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.connectors.hl7.message.AckError;
import org.medbroker.connectors.hl7.message.MshHeader;
import org.medbroker.connectors.hl7.mllp.MllpFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLLP connection: hands each block to the route, one at a time, and writes the route's
 * acknowledgement back in arrival order, so pipelined senders get their ACKs in sequence.
 *
 * <p>All state is touched on the channel's event loop only; the route may complete on any thread.
 * While a block is being processed, reading pauses once more blocks are waiting (back pressure).
 * A sender that stops reading its ACKs makes the channel unwritable: processing then waits for it
 * to drain, so reading pauses too and the ACKs never pile up in memory.
 */
final class Hl7MllpServerHandler extends SimpleChannelInboundHandler<MllpFrame> {

    private static final Logger log = LoggerFactory.getLogger(Hl7MllpServerHandler.class);
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final int MAX_WAITING = 64;

    private final Hl7MllpTcpServerConsumer consumer;
    private final PeerFilter peers;
    private final AckBuilder acks;
    private final ArrayDeque<MllpFrame> waiting = new ArrayDeque<>();
    private String connection = "?";
    private String remote = "?";
    private boolean busy;

    Hl7MllpServerHandler(Hl7MllpTcpServerConsumer consumer, PeerFilter peers, AckBuilder acks) {
        this.consumer = consumer;
        this.peers = peers;
        this.acks = acks;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetSocketAddress address = (InetSocketAddress) ctx.channel().remoteAddress();
        remote = address.getAddress().getHostAddress() + ":" + address.getPort();
        connection = consumer.endpoint().getListenerName() + "(" + CONNECTIONS.incrementAndGet() + ")";
        if (!peers.allows(address.getAddress())) {
            log.warn("{}: MB-0204: connection from {} refused: not in the listener's allowed peers", connection, remote);
            ctx.close();
            return;
        }
        log.info("{}: connected from {}", connection, remote);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.info("{}: disconnected", connection);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MllpFrame frame) {
        if (frame instanceof MllpFrame.OutOfBand outOfBand) {
            log.debug("{}: skipped {} byte(s) outside MLLP blocks", connection, outOfBand.discardedBytes());
            return;
        }
        waiting.add(frame);
        if (waiting.size() >= MAX_WAITING) {
            ctx.channel().config().setAutoRead(false);
        }
        processNext(ctx);
    }

    private void processNext(ChannelHandlerContext ctx) {
        if (busy || waiting.isEmpty() || !ctx.channel().isActive() || !ctx.channel().isWritable()) {
            return;
        }
        busy = true;
        MllpFrame frame = waiting.poll();
        Exchange exchange = consumer.createExchange(false);
        exchange.getMessage().setHeader(Hl7MllpConstants.REMOTE_ADDRESS, remote);
        exchange.getMessage().setHeader(Hl7MllpConstants.LISTENER, consumer.endpoint().getListenerName());
        byte[] received;
        if (frame instanceof MllpFrame.TooLong tooLong) {
            log.warn("{}: MB-0205: block of {} bytes exceeds the listener's limit of {}", connection,
                    tooLong.totalBytes(), consumer.endpoint().getMaxBlockBytes());
            exchange.getMessage().setHeader(Hl7MllpConstants.BLOCK_TOO_LONG, tooLong.totalBytes());
            received = tooLong.head();
        } else {
            received = ((MllpFrame.Block) frame).content();
        }
        exchange.getMessage().setBody(received);
        consumer.getAsyncProcessor().process(exchange, doneSync -> ctx.executor().execute(() -> reply(ctx, exchange, received)));
    }

    private void reply(ChannelHandlerContext ctx, Exchange exchange, byte[] received) {
        try {
            byte[] ack = exchange.getMessage().getHeader(Hl7MllpConstants.ACKNOWLEDGEMENT, byte[].class);
            if (ack == null) {
                ack = fallbackAck(exchange, received);
            }
            if (ctx.channel().isActive()) {
                ctx.writeAndFlush(ack);
            }
        } finally {
            consumer.releaseExchange(exchange, false);
            busy = false;
            if (waiting.size() < MAX_WAITING / 2 && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
            processNext(ctx);
        }
    }

    /**
     * The route set no ACK: AA when it succeeded, AE (internal error) when it failed, AR when the block
     * was over the size limit (only its head reached the route, so it must not be accepted). The MSH
     * is read from the bytes received, not from whatever body the route left behind.
     */
    private byte[] fallbackAck(Exchange exchange, byte[] received) {
        Optional<MshHeader> msh = MshHeader.read(received, StandardCharsets.ISO_8859_1);
        Long tooLong = exchange.getMessage().getHeader(Hl7MllpConstants.BLOCK_TOO_LONG, Long.class);
        if (tooLong != null) {
            return acks.build(msh, AckCode.AR, Optional.of(AckError.general("207", "MB-0205: message of " + tooLong
                            + " bytes exceeds this listener's limit of " + consumer.endpoint().getMaxBlockBytes()
                            + " bytes; split it or raise maxBlockBytes")),
                    "ACK" + System.nanoTime(), ZonedDateTime.now(), StandardCharsets.ISO_8859_1);
        }
        if (exchange.getException() == null) {
            return acks.build(msh, AckCode.AA, Optional.empty(), "ACK" + System.nanoTime(), ZonedDateTime.now(), StandardCharsets.ISO_8859_1);
        }
        log.error("{}: MB-0206: route failed without an acknowledgement: {}", connection,
                exchange.getException().getClass().getSimpleName());
        return acks.build(msh, AckCode.AE, Optional.of(AckError.general("207", "MB-0206: internal error; resend later")),
                "ACK" + System.nanoTime(), ZonedDateTime.now(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        processNext(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            if (busy) {
                return; // the route is still working: the silence is ours, not the sender's
            }
            log.info("{}: closing idle connection", connection);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: connection error, closing: {}", connection, cause.getClass().getSimpleName());
        ctx.close();
    }
}
