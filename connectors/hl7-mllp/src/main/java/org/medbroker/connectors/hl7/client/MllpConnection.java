package org.medbroker.connectors.hl7.client;

import io.netty.channel.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One open MLLP connection, used by one thread: {@link #exchange} sends a message and returns the
 * peer's reply block. After a timeout or an error the connection is closed, so a late reply can
 * never be taken for the answer to the next message.
 */
public final class MllpConnection implements AutoCloseable {

    private final Channel channel;
    private final MllpAckHandler acks;

    MllpConnection(Channel channel, MllpAckHandler acks) {
        this.channel = channel;
        this.acks = acks;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Sends one message (the bytes between {@code <VT>} and {@code <FS><CR>}) and waits for the reply.
     *
     * @throws MllpAckTimeoutException no reply within {@code ackTimeout}
     * @throws IOException the connection failed or closed before a reply
     */
    public byte[] exchange(byte[] message, Duration ackTimeout) throws IOException, InterruptedException {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        acks.expect(reply);
        channel.writeAndFlush(message).addListener(written -> {
            if (!written.isSuccess()) {
                reply.completeExceptionally(new IOException("MB-0706: write failed: " + written.cause().getMessage(),
                        written.cause()));
            }
        });
        try {
            return reply.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new MllpAckTimeoutException("MB-0702: no acknowledgement within " + ackTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2000);
    }

    /** The message was sent but no acknowledgement came in time: the peer may or may not have it. */
    public static final class MllpAckTimeoutException extends IOException {
        public MllpAckTimeoutException(String message) {
            super(message);
        }
    }
}
