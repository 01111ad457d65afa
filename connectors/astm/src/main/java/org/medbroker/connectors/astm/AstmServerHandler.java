package org.medbroker.connectors.astm;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.medbroker.connectors.astm.codec.FramingMode;
import org.medbroker.connectors.astm.link.E1381LinkHandler;
import org.medbroker.connectors.astm.link.ReceivedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ASTM connection above the E1381 link: hands each {@link ReceivedMessage} to the route in arrival
 * order, up to the endpoint's {@code maxInFlightMessages} at once (so a route that journals them shares one
 * fsync among them), and settles them in that order. The link has already acknowledged every frame, so a route failure is logged
 * (exception class only) and the connection carries on; but when the route throws
 * {@link AstmMessageNotStoredException} the message stays here and is offered again after a pause
 * (1 s doubling to 30 s), and every ENQ meanwhile is answered NAK (E1381 6.2.6, receiver busy).
 *
 * <p>While the component is not accepting ({@link AstmComponent#setAccepting}, e.g. the record store is
 * unavailable) every ENQ is answered NAK too, so nothing is acknowledged that could not be kept; the link
 * takes ENQ again by itself once it is.
 *
 * <p>When the route leaves records in {@link AstmConstants#REPLY} (a host query reply), they are sent
 * back as the E1381 sender once the route is done.
 *
 * <p>All state is touched on the channel's event loop only; the route may complete on any thread. While
 * the endpoint's {@code maxWaitingMessages} messages wait, the link answers the instrument's ENQ with NAK (E1381 6.2.6, receiver
 * busy) instead of pausing the socket, so the instrument retries later rather than timing out mid-transfer.
 * A message handed up when the connection closed is still routed: the event loop outlives the channel.
 *
 * <p>Buffers: only heap {@link ReceivedMessage}s arrive here; a RECORDS reply is written as a new
 * buffer that the channel releases.
 */
final class AstmServerHandler extends SimpleChannelInboundHandler<ReceivedMessage> {

    private static final Logger log = LoggerFactory.getLogger(AstmServerHandler.class);
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 30_000;

    private final AstmConsumerSupport consumer;
    private final String connection;
    private final String remote;
    private final ArrayDeque<ReceivedMessage> waiting = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private final List<ReceivedMessage> notStored = new ArrayList<>();
    private boolean paused;
    private boolean refusing;
    private long retryMillis;

    AstmServerHandler(AstmConsumerSupport consumer, String connection, String remote) {
        this.consumer = consumer;
        this.connection = connection;
        this.remote = remote;
    }

    /** Asked by the link at each ENQ, on the event loop. */
    boolean busy() {
        boolean refuse = !consumer.endpoint().accepting();
        if (refuse != refusing) {
            refusing = refuse;
            if (refuse) {
                log.warn("{}: MB-0649: the broker cannot keep messages now (record store unavailable); ENQ is answered NAK"
                        + " and the instrument keeps its results until it is accepted again", connection);
            } else {
                log.info("{}: MB-0650: accepting messages again", connection);
            }
        }
        return refuse || waiting.size() + inFlight.size() >= consumer.endpoint().getMaxWaitingMessages() || paused || retryMillis > 0;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.info("{}: connected to {}", connection, remote);
        consumer.connected(ctx.channel());
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
        AstmEndpoint endpoint = consumer.endpoint();
        boolean settled = false;
        while (!paused && notStored.isEmpty() && !waiting.isEmpty() && inFlight.size() < endpoint.getMaxInFlightMessages()) {
            ReceivedMessage message = waiting.poll();
            Exchange exchange = consumer.createExchange(false);
            exchange.setProperty(Exchange.CHARSET_NAME, endpoint.getCharset());
            exchange.getMessage().setHeader(AstmConstants.REMOTE_ADDRESS, remote);
            exchange.getMessage().setHeader(AstmConstants.LISTENER, endpoint.getListenerName());
            exchange.getMessage().setHeader(AstmConstants.INCOMPLETE, message.incomplete());
            exchange.getMessage().setBody(message.records());
            log.debug("{}: routing a message of {} frames{}", connection, message.frames(), message.incomplete() ? " (incomplete)" : "");
            InFlight routed = new InFlight(message, exchange);
            inFlight.add(routed);
            try {
                consumer.getAsyncProcessor().process(exchange, doneSync -> ctx.executor().execute(() -> {
                    routed.done = true;
                    finish(ctx);
                }));
            } catch (RuntimeException e) {
                exchange.setException(e);
                routed.done = true;
                settled = true;
            }
        }
        if (settled) {
            finish(ctx);
        }
    }

    /**
     * Settles the routed messages in arrival order, however their routes completed: replies go out in
     * order; messages the route could not store wait until the round is settled and then go back to the
     * front of the queue, offered again after a pause.
     */
    private void finish(ChannelHandlerContext ctx) {
        while (!inFlight.isEmpty() && inFlight.peek().done) {
            InFlight routed = inFlight.poll();
            try {
                Exception failure = routed.exchange.getException();
                if (failure instanceof AstmMessageNotStoredException) {
                    notStored.add(routed.message);
                    continue;
                }
                retryMillis = 0;
                if (failure != null) {
                    log.error("{}: MB-0636: the route failed on a received message: {}; the instrument was already acknowledged, "
                            + "so check the route's error handling", connection, failure.getClass().getName());
                } else {
                    reply(ctx, routed.exchange);
                }
            } finally {
                consumer.releaseExchange(routed.exchange, false);
            }
        }
        if (!notStored.isEmpty() && inFlight.isEmpty()) {
            for (int i = notStored.size() - 1; i >= 0; i--) {
                waiting.addFirst(notStored.get(i));
            }
            int count = notStored.size();
            notStored.clear();
            retryMillis = retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
            paused = true;
            log.error("{}: MB-0637: {} message(s) could not be stored; kept in memory and offered again in {} ms, "
                    + "and the instrument's ENQ is answered NAK until then. Check the journal's disk", connection, count, retryMillis);
            ctx.executor().schedule(() -> {
                paused = false;
                processNext(ctx);
            }, retryMillis, TimeUnit.MILLISECONDS);
            return;
        }
        processNext(ctx);
    }

    /** A message handed to the route and not yet settled. */
    private static final class InFlight {
        final ReceivedMessage message;
        final Exchange exchange;
        boolean done;

        InFlight(ReceivedMessage message, Exchange exchange) {
            this.message = message;
            this.exchange = exchange;
        }
    }

    @SuppressWarnings("unchecked")
    private void reply(ChannelHandlerContext ctx, Exchange exchange) {
        Object reply = exchange.getMessage().getHeader(AstmConstants.REPLY);
        if (!(reply instanceof List<?> records) || records.isEmpty() || !ctx.channel().isActive()) {
            return;
        }
        List<byte[]> texts = (List<byte[]>) records;
        if (consumer.endpoint().getFraming() == FramingMode.RECORDS) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            texts.forEach(out::writeBytes);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(consumer.endpoint().isMllp() ? mllp(out.toByteArray()) : out.toByteArray()));
            return;
        }
        E1381LinkHandler link = ctx.pipeline().get(E1381LinkHandler.class);
        link.send(texts).whenComplete((outcome, error) -> {
            if (error != null || !outcome.delivered()) {
                log.warn("{}: reply of {} records not delivered: {}", connection, texts.size(),
                        error != null ? error.getClass().getName() : outcome.result().message());
            } else {
                log.info("{}: reply of {} records delivered", connection, texts.size());
            }
        });
    }

    private static byte[] mllp(byte[] content) {
        byte[] block = new byte[content.length + 3];
        block[0] = 0x0B;
        System.arraycopy(content, 0, block, 1, content.length);
        block[block.length - 2] = 0x1C;
        block[block.length - 1] = '\r';
        return block;
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
