package org.medbroker.connectors.hl7.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.medbroker.connectors.hl7.mllp.MllpFrame;

/**
 * Hands the next reply block to the exchange waiting for it. Blocks arriving while nothing waits
 * (a late ACK after a timeout) are dropped: the connection is closed on a timeout anyway.
 * The decoder emits heap copies only, so nothing here is reference counted.
 */
final class MllpAckHandler extends SimpleChannelInboundHandler<MllpFrame> {

    private volatile CompletableFuture<byte[]> waiting;

    void expect(CompletableFuture<byte[]> reply) {
        waiting = reply;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MllpFrame frame) {
        CompletableFuture<byte[]> reply = waiting;
        if (reply == null) {
            return;
        }
        if (frame instanceof MllpFrame.Block block) {
            waiting = null;
            reply.complete(block.content());
        } else if (frame instanceof MllpFrame.TooLong tooLong) {
            waiting = null;
            reply.completeExceptionally(new IOException("MB-0703: acknowledgement of " + tooLong.totalBytes()
                    + " bytes exceeds the limit"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new IOException("MB-0704: the peer closed the connection before acknowledging"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(new IOException("MB-0705: connection failed: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void fail(IOException e) {
        CompletableFuture<byte[]> reply = waiting;
        waiting = null;
        if (reply != null) {
            reply.completeExceptionally(e);
        }
    }
}
