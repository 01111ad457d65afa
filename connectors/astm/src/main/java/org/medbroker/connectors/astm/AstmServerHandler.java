package org.medbroker.connectors.astm;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import org.apache.camel.Exchange;
import org.medbroker.connectors.astm.link.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ASTM connection above the E1381 link: hands each {@link ReceivedMessage} to the route, one at a
 * time in arrival order. The link has already acknowledged every frame, so a route failure is logged
 * (exception class only) and the connection carries on.
 *
 * <p>All state is touched on the channel's event loop only; the route may complete on any thread. While
 * {@link #MAX_WAITING} messages wait, the link answers the instrument's ENQ with NAK (E1381 6.2.6, receiver
 * busy) instead of pausing the socket, so the instrument retries later rather than timing out mid-transfer.
 * A message handed up when the connection closed is still routed: the event loop outlives the channel.
 *
 * <p>Buffers: only heap {@link ReceivedMessage}s arrive here; nothing reference-counted.
 */
final class AstmServerHandler extends SimpleChannelInboundHandler<ReceivedMessage> {

    private static final Logger log = LoggerFactory.getLogger(AstmServerHandler.class);
    static final int MAX_WAITING = 16;

    private final AstmTcpServerConsumer consumer;
    private final String connection;
    private final String remote;
    private final ArrayDeque<ReceivedMessage> waiting = new ArrayDeque<>();
    private boolean processing;

    AstmServerHandler(AstmTcpServerConsumer consumer, String connection, String remote) {
        this.consumer = consumer;
        this.connection = connection;
        this.remote = remote;
    }

    /** Asked by the link at each ENQ, on the event loop. */
    boolean busy() {
        return waiting.size() >= MAX_WAITING;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.info("{}: connected from {}", connection, remote);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.info("{}: disconnected", connection);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ReceivedMessage message) {
        waiting.add(message);
        processNext(ctx);
    }

    private void processNext(ChannelHandlerContext ctx) {
        if (processing || waiting.isEmpty()) {
            return;
        }
        processing = true;
        ReceivedMessage message = waiting.poll();
        AstmEndpoint endpoint = consumer.endpoint();
        Exchange exchange = consumer.createExchange(false);
        exchange.setProperty(Exchange.CHARSET_NAME, endpoint.getCharset());
        exchange.getMessage().setHeader(AstmConstants.REMOTE_ADDRESS, remote);
        exchange.getMessage().setHeader(AstmConstants.LISTENER, endpoint.getListenerName());
        exchange.getMessage().setHeader(AstmConstants.INCOMPLETE, message.incomplete());
        exchange.getMessage().setBody(message.records());
        log.debug("{}: routing a message of {} frames{}", connection, message.frames(), message.incomplete() ? " (incomplete)" : "");
        try {
            consumer.getAsyncProcessor().process(exchange, doneSync -> ctx.executor().execute(() -> done(ctx, exchange)));
        } catch (RuntimeException e) {
            exchange.setException(e);
            done(ctx, exchange);
        }
    }

    private void done(ChannelHandlerContext ctx, Exchange exchange) {
        try {
            if (exchange.getException() != null) {
                log.error("{}: MB-0636: the route failed on a received message: {}; the instrument was already acknowledged, "
                        + "so check the route's error handling", connection, exchange.getException().getClass().getName());
            }
        } finally {
            consumer.releaseExchange(exchange, false);
            processing = false;
            processNext(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            log.info("{}: closing idle connection", connection);
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: connection error, closing: {}", connection, cause.getClass().getName());
        ctx.close();
    }
}
