package org.medbroker.connectors.astm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.medbroker.connectors.astm.codec.E1381;
import org.medbroker.connectors.astm.codec.E1381FrameDecoder;
import org.medbroker.connectors.astm.codec.E1381FrameEncoder;
import org.medbroker.connectors.astm.codec.FramingMode;
import org.medbroker.connectors.astm.link.E1381LinkHandler;
import org.medbroker.connectors.astm.link.E1381LinkOptions;
import org.medbroker.connectors.astm.link.RecordStreamDecoder;
import org.medbroker.connectors.astm.link.SendOutcome;

/**
 * What every {@code astm} consumer shares, whatever the transport: the per-connection pipeline
 *
 * <pre>
 *   idle  E1381FrameDecoder  E1381FrameEncoder  E1381LinkHandler  AstmServerHandler
 *         (bytes to events)  (frames to bytes)  (ENQ/ACK/NAK/EOT)  (ReceivedMessage to exchange)
 *   idle  RecordStreamDecoder                                       AstmServerHandler   (framing=RECORDS)
 * </pre>
 *
 * and the connections that are open, for sending orders down to the instrument ({@link #send}).
 */
public abstract class AstmConsumerSupport extends DefaultConsumer {

    private final AstmEndpoint endpoint;
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    protected AstmConsumerSupport(AstmEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    AstmEndpoint endpoint() {
        return endpoint;
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    void connected(Channel channel) {
        open.add(channel);
        channel.closeFuture().addListener(f -> open.remove(channel));
    }

    /** Seconds without input after which a connection is closed; 0 never. */
    protected int idleTimeoutSeconds() {
        return endpoint.getIdleTimeoutSeconds();
    }

    /** Whether the line is there: always for a server; connected for a TCP client; open for a serial port. */
    public abstract boolean linkUp();

    /** Builds the pipeline of one connection. */
    protected void initPipeline(Channel channel, String connection, String remote) {
        AstmServerHandler messages = new AstmServerHandler(this, connection, remote);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("idle", new IdleStateHandler(idleTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
        if (endpoint.getFraming() == FramingMode.RECORDS) {
            pipeline.addLast("records", new RecordStreamDecoder(endpoint.isMllp(), 16 * 1024 * 1024));
        } else {
            // PLAIN blocks carry no frame number, so there is no sequence to check
            E1381LinkOptions options = E1381LinkOptions.DEFAULTS
                    .withLenientFrameNumbers(endpoint.isLenientFrameNumbers() || endpoint.getFraming() == FramingMode.PLAIN)
                    .withContentionPriority(endpoint.getContentionPriority())
                    .withTimeouts(endpoint.timeouts());
            pipeline.addLast("e1381-decoder", new E1381FrameDecoder(endpoint.getFraming(), E1381.STANDARD_MAX_TEXT_LENGTH,
                            endpoint.getMaxFrameText()))
                    .addLast("e1381-encoder", E1381FrameEncoder.STANDARD)
                    .addLast("e1381-link", new E1381LinkHandler(endpoint.getListenerName(), options, messages::busy,
                            E1381FrameEncoder.STANDARD));
        }
        pipeline.addLast("astm", messages);
    }

    /**
     * Sends a message (records, CR included in each) to every open connection as the E1381 sender: an
     * order download. Completes with one outcome per connection; empty when none is open.
     */
    public CompletableFuture<List<SendOutcome>> send(List<byte[]> records) {
        List<CompletableFuture<SendOutcome>> sends = new ArrayList<>();
        for (Channel channel : open) {
            E1381LinkHandler link = channel.pipeline().get(E1381LinkHandler.class);
            if (link != null) {
                sends.add(link.send(records));
            }
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(v -> sends.stream().map(CompletableFuture::join).toList());
    }
}
