package org.medbroker.connectors.dicom.association;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.medbroker.connectors.dicom.pdu.PDataTf;
import org.medbroker.connectors.dicom.pdu.Pdv;

/**
 * A data set to send after a command, already encoded in the presentation context's transfer
 * syntax: from memory or streamed from a channel (a file), one P-DATA-TF per fragment, written as
 * the channel becomes writable, so a large data set never sits in memory.
 *
 * <p>Ownership: the buffer or channel passes to the association with {@link Association#send}, which
 * releases or closes it when sent or failed.
 */
public final class OutboundData {

    private final ByteBuf buffer;
    private final ReadableByteChannel source;
    private final long length;

    private OutboundData(ByteBuf buffer, ReadableByteChannel source, long length) {
        this.buffer = buffer;
        this.source = source;
        this.length = length;
    }

    public static OutboundData of(ByteBuf dataSet) {
        return new OutboundData(dataSet, null, dataSet.readableBytes());
    }

    /** {@code length} bytes read from {@code source}, which is closed at the end. */
    public static OutboundData of(ReadableByteChannel source, long length) {
        return new OutboundData(null, source, length);
    }

    /** The part of a file from {@code offset} to its end. */
    public static OutboundData of(Path file, long offset) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(offset);
        return new OutboundData(null, channel, channel.size() - offset);
    }

    public long length() {
        return length;
    }

    void discard() {
        if (buffer != null) {
            buffer.release();
        } else {
            try {
                source.close();
            } catch (IOException ignored) {
                // nothing was sent; the channel is gone either way
            }
        }
    }

    ChunkedInput<PDataTf> chunks(int presentationContextId, int fragmentLength) {
        return new Chunks(presentationContextId, fragmentLength);
    }

    private final class Chunks implements ChunkedInput<PDataTf> {
        private final int pcid;
        private final int fragmentLength;
        private long remaining = length;
        private boolean sentLast;

        Chunks(int pcid, int fragmentLength) {
            this.pcid = pcid;
            this.fragmentLength = fragmentLength;
        }

        @Override
        public boolean isEndOfInput() {
            return sentLast;
        }

        @Override
        public void close() {
            discard();
        }

        @Deprecated
        @Override
        public PDataTf readChunk(ChannelHandlerContext ctx) throws Exception {
            return readChunk(ctx.alloc());
        }

        @Override
        public PDataTf readChunk(ByteBufAllocator allocator) throws Exception {
            if (sentLast) {
                return null;
            }
            int n = (int) Math.min(fragmentLength, remaining);
            ByteBuf fragment;
            if (buffer != null) {
                fragment = buffer.readRetainedSlice(n);
            } else {
                fragment = allocator.buffer(n);
                try {
                    ByteBuffer target = fragment.internalNioBuffer(0, n);
                    while (target.hasRemaining()) {
                        if (source.read(target) < 0) {
                            throw new EOFException("data set source ended " + (remaining - target.position())
                                    + " bytes early");
                        }
                    }
                    fragment.writerIndex(n);
                } catch (IOException | RuntimeException e) {
                    fragment.release();
                    throw e;
                }
            }
            remaining -= n;
            sentLast = remaining == 0;
            return PDataTf.of(new Pdv(pcid, false, sentLast, fragment));
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public long progress() {
            return length - remaining;
        }
    }
}
