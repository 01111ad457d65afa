package org.medbroker.connectors.dicom.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.medbroker.connectors.dicom.data.Attributes;

/**
 * Streams a received data set into a DICOM file (PS3.10) without holding it: the header (preamble,
 * {@code DICM}, File Meta Information) is written first, then the data set bytes are appended exactly
 * as they arrive, in the transfer syntax the meta information names, never decoded or re-encoded.
 * A Storage SCP passes each P-DATA-TF fragment's {@code ByteBuf.nioBuffers()} to {@link #write}.
 *
 * <p>Buffer ownership: {@code write} consumes the buffers' remaining bytes before it returns and keeps
 * no reference to them; the caller still owns (and releases) whatever backs them. Not thread-safe.
 */
public final class Part10Writer implements Closeable {

    private final WritableByteChannel channel;
    private final Path file;
    private final boolean forceOnClose;
    private final int headerLength;
    private long datasetLength;
    private boolean closed;

    /**
     * Writes the header to {@code channel} now; the channel is closed with this writer.
     */
    public Part10Writer(WritableByteChannel channel, Attributes fileMetaInformation) throws IOException {
        this(channel, null, false, fileMetaInformation);
    }

    private Part10Writer(WritableByteChannel channel, Path file, boolean forceOnClose, Attributes fmi)
            throws IOException {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.file = file;
        this.forceOnClose = forceOnClose;
        this.headerLength = (int) writeFully(ByteBuffer.wrap(Part10.encodeHeader(fmi)));
    }

    /** Writes the header to {@code out} now; {@code out} is closed with this writer. */
    public static Part10Writer to(OutputStream out, Attributes fileMetaInformation) throws IOException {
        return new Part10Writer(Channels.newChannel(out), fileMetaInformation);
    }

    /**
     * Creates {@code file}, which must not exist yet, and writes the header into it;
     * {@code forceOnClose} makes {@link #close()} flush the file to the storage device first.
     */
    public static Part10Writer create(Path file, Attributes fileMetaInformation, boolean forceOnClose)
            throws IOException {
        Part10.checkFileMetaInformation(fileMetaInformation);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return new Part10Writer(ch, file, forceOnClose, fileMetaInformation);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Appends the remaining bytes of {@code chunk}, data set bytes in the file's transfer syntax. */
    public void write(ByteBuffer chunk) throws IOException {
        ensureOpen();
        datasetLength += writeFully(chunk);
    }

    /** Appends the remaining bytes of each buffer in order, e.g. a {@code ByteBuf}'s {@code nioBuffers()}. */
    public void write(ByteBuffer... chunks) throws IOException {
        for (ByteBuffer chunk : chunks) {
            write(chunk);
        }
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        write(ByteBuffer.wrap(bytes, offset, length));
    }

    /** Bytes of preamble, prefix and File Meta Information: where the data set starts in the file. */
    public int headerLength() {
        return headerLength;
    }

    /** Data set bytes written so far, header not counted. */
    public long datasetLength() {
        return datasetLength;
    }

    private long writeFully(ByteBuffer chunk) throws IOException {
        long n = 0;
        while (chunk.hasRemaining()) {
            n += channel.write(chunk);
        }
        return n;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("MB-0857: Part10Writer already closed");
        }
    }

    /** Closes the file, after forcing it to disk if asked to; the object is then complete. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (forceOnClose && channel instanceof FileChannel fc) {
                fc.force(true);
            }
        } finally {
            channel.close();
        }
    }

    /**
     * Gives up on an incomplete object (association aborted, data set rejected): closes the channel
     * and deletes the file if this writer created it.
     */
    public void abort() throws IOException {
        closed = true;
        try {
            channel.close();
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }
}
