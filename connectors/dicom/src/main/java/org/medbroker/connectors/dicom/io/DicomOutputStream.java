package org.medbroker.connectors.dicom.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.BulkData;
import org.medbroker.connectors.dicom.data.ByteOrder;
import org.medbroker.connectors.dicom.data.Fragments;
import org.medbroker.connectors.dicom.data.Sequence;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

/**
 * Encodes data sets in one transfer syntax (PS3.5 7): element headers in implicit or explicit VR,
 * little or big endian, values padded to even length, sequences and items with defined or undefined
 * length, encapsulated pixel data, values on disk ({@link BulkData}) copied in chunks. For
 * {@linkplain TransferSyntax#isDeflated() deflated} syntaxes everything written passes through a raw
 * deflater; {@link #finish()} ends it without closing the underlying stream.
 *
 * <pre>
 *  explicit VR, 2-byte length:  | tag (4) | VR (2) | length (2) | value ... |
 *  explicit VR, 4-byte length:  | tag (4) | VR (2) | 00 00 | length (4) | value ... |
 *  implicit VR:                 | tag (4) | length (4) | value ... |
 *  item and delimiters:         | FFFE,E000 / E00D / E0DD (4) | length (4) |
 * </pre>
 */
public final class DicomOutputStream extends OutputStream {

    /** Undefined length is {@code FFFFFFFF} (PS3.5 7.1.1). */
    public static final int UNDEFINED_LENGTH = -1;

    /**
     * How sequences, items and groups are delimited.
     *
     * @param undefinedSequenceLength SQ elements end with a Sequence Delimitation Item
     * @param undefinedItemLength items end with an Item Delimitation Item
     * @param groupLength each group of the data set and of every item starts with its (gggg,0000)
     *     group length; group length elements present in the data set are always recomputed or dropped
     */
    public record Options(boolean undefinedSequenceLength, boolean undefinedItemLength, boolean groupLength) {

        /** Undefined sequence and item lengths, no group lengths: one pass, nothing computed ahead. */
        public static final Options DEFAULT = new Options(true, true, false);
        /** Defined lengths everywhere, as some old implementations require. */
        public static final Options DEFINED_LENGTHS = new Options(false, false, false);
        /** What a DIMSE command set needs: group length (0000,0000) first (PS3.7 E.1). */
        public static final Options COMMAND = new Options(false, false, true);
    }

    private final OutputStream out;
    private final DeflaterOutputStream deflater;
    private final Deflater deflate;
    private final TransferSyntax transferSyntax;
    private final boolean explicitVR;
    private final boolean bigEndian;
    private final Options options;
    private final byte[] buf;
    private int count;

    public DicomOutputStream(OutputStream out, TransferSyntax transferSyntax) {
        this(out, transferSyntax, Options.DEFAULT, 8192);
    }

    /** {@code bufferSize} is also the chunk size in which bulk data is copied from disk. */
    public DicomOutputStream(OutputStream out, TransferSyntax transferSyntax, Options options, int bufferSize) {
        Objects.requireNonNull(out, "out");
        this.transferSyntax = Objects.requireNonNull(transferSyntax, "transferSyntax");
        this.options = Objects.requireNonNull(options, "options");
        if (bufferSize < 64) {
            throw new IllegalArgumentException("bufferSize < 64: " + bufferSize);
        }
        if (transferSyntax.isDeflated()) {
            this.deflate = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            this.deflater = new DeflaterOutputStream(out, deflate, bufferSize);
            this.out = deflater;
        } else {
            this.deflate = null;
            this.deflater = null;
            this.out = out;
        }
        this.explicitVR = transferSyntax.isExplicitVR();
        this.bigEndian = transferSyntax.isBigEndian();
        this.buf = new byte[bufferSize];
    }

    /** Encodes {@code dataset} with {@link Options#DEFAULT}, e.g. a C-FIND identifier in the negotiated syntax. */
    public static byte[] encode(Attributes dataset, TransferSyntax transferSyntax) {
        return encode(dataset, transferSyntax, Options.DEFAULT);
    }

    /** Encodes {@code dataset} in {@code transferSyntax} into a new array (for command sets and identifiers). */
    public static byte[] encode(Attributes dataset, TransferSyntax transferSyntax, Options options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DicomOutputStream dos = new DicomOutputStream(bytes, transferSyntax, options, 1024)) {
            dos.writeDataset(dataset);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Encodes a DIMSE command set: Implicit VR Little Endian with Command Group Length (0000,0000)
     * computed (PS3.7 6.3.1, E.1). Only group 0000 elements belong in {@code command}.
     */
    public static byte[] encodeCommandSet(Attributes command) {
        return encode(command, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, Options.COMMAND);
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Writes every element of {@code dataset} in tag order. */
    public void writeDataset(Attributes dataset) throws IOException {
        int n = dataset.size();
        int group = -1;
        for (int i = 0; i < n; i++) {
            int tag = dataset.tagAt(i);
            if (Tag.isGroupLength(tag)) {
                continue;
            }
            if (options.groupLength() && Tag.group(tag) != group) {
                group = Tag.group(tag);
                writeHeader(Tag.of(group, 0), VR.UL, 4);
                writeInt(groupLength(dataset, i, group));
            }
            writeElement(tag, dataset.vrAt(i), dataset.valueAt(i));
        }
    }

    private int groupLength(Attributes dataset, int from, int group) {
        long length = 0;
        for (int i = from; i < dataset.size() && Tag.group(dataset.tagAt(i)) == group; i++) {
            if (!Tag.isGroupLength(dataset.tagAt(i))) {
                length += elementLength(dataset.tagAt(i), dataset.vrAt(i), dataset.valueAt(i));
            }
        }
        return checkedLength(length);
    }

    private void writeElement(int tag, VR vr, Object value) throws IOException {
        if (value instanceof byte[] bytes) {
            writeValue(tag, vr, bytes);
        } else if (value instanceof Sequence seq) {
            writeSequence(tag, seq);
        } else if (value instanceof Fragments fragments) {
            writeFragments(tag, fragments);
        } else {
            writeBulkData(tag, vr, (BulkData) value);
        }
    }

    private void writeValue(int tag, VR vr, byte[] value) throws IOException {
        int padded = value.length + (value.length & 1);
        VR headerVR = explicitVR && !vr.hasLongLength() && padded > 0xFFFF ? VR.UN : vr;
        writeHeader(tag, headerVR, padded);
        if (bigEndian && vr.unitSize() > 1) {
            writeSwapped(value, 0, value.length, vr.unitSize());
        } else {
            write(value, 0, value.length);
        }
        if (padded != value.length) {
            write(vr.paddingByte());
        }
    }

    private void writeSwapped(byte[] value, int off, int len, int unitSize) throws IOException {
        while (len > 0) {
            if (count == buf.length) {
                flushBuffer();
            }
            int n = Math.min(len, (buf.length - count) / 8 * 8);
            if (n == 0) {
                flushBuffer();
                continue;
            }
            System.arraycopy(value, off, buf, count, n);
            ByteOrder.swap(buf, count, n, unitSize);
            count += n;
            off += n;
            len -= n;
        }
    }

    private void writeSequence(int tag, Sequence seq) throws IOException {
        boolean undefined = options.undefinedSequenceLength();
        writeHeader(tag, VR.SQ, undefined ? UNDEFINED_LENGTH : checkedLength(sequenceValueLength(seq)));
        for (Attributes item : seq) {
            boolean undefinedItem = options.undefinedItemLength();
            writeHeader(Tag.Item, null, undefinedItem ? UNDEFINED_LENGTH : checkedLength(datasetLength(item)));
            writeDataset(item);
            if (undefinedItem) {
                writeHeader(Tag.ItemDelimitationItem, null, 0);
            }
        }
        if (undefined) {
            writeHeader(Tag.SequenceDelimitationItem, null, 0);
        }
    }

    private void writeFragments(int tag, Fragments fragments) throws IOException {
        writeHeader(tag, fragments.vr(), UNDEFINED_LENGTH);
        for (int i = 0; i < fragments.size(); i++) {
            Object item = fragments.get(i);
            long length = fragments.itemLength(i);
            writeHeader(Tag.Item, null, checkedLength(length + (length & 1)));
            if (item instanceof byte[] bytes) {
                write(bytes, 0, bytes.length);
            } else {
                copy((BulkData) item, 1);
            }
            if ((length & 1) != 0) {
                write(0);
            }
        }
        writeHeader(Tag.SequenceDelimitationItem, null, 0);
    }

    private void writeBulkData(int tag, VR vr, BulkData bulk) throws IOException {
        long padded = bulk.length() + (bulk.length() & 1);
        VR headerVR = explicitVR && !vr.hasLongLength() && padded > 0xFFFF ? VR.UN : vr;
        writeHeader(tag, headerVR, checkedLength(padded));
        copy(bulk, bulk.bigEndian() != bigEndian ? vr.unitSize() : 1);
        if (padded != bulk.length()) {
            write(vr.paddingByte());
        }
    }

    private void copy(BulkData bulk, int swapUnit) throws IOException {
        flushBuffer();
        try (FileChannel ch = FileChannel.open(bulk.file(), StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.wrap(buf);
            long position = bulk.offset();
            long remaining = bulk.length();
            while (remaining > 0) {
                chunk.clear();
                chunk.limit((int) Math.min(buf.length / 8 * 8, remaining));
                int n = ch.read(chunk, position);
                if (n < 0) {
                    throw new DicomStreamException("MB-0858: bulk data ends early in " + bulk.file().getFileName()
                            + "; the file was truncated or replaced since it was read");
                }
                ByteOrder.swap(buf, 0, n, swapUnit);
                out.write(buf, 0, n);
                position += n;
                remaining -= n;
            }
        }
    }

    // ---- lengths

    /** Encoded length in bytes of {@code dataset}'s elements (an item's value) with these options. */
    public long datasetLength(Attributes dataset) {
        long length = 0;
        int group = -1;
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (Tag.isGroupLength(tag)) {
                continue;
            }
            if (options.groupLength() && Tag.group(tag) != group) {
                group = Tag.group(tag);
                length += headerLength(VR.UL) + 4;
            }
            length += elementLength(tag, dataset.vrAt(i), dataset.valueAt(i));
        }
        return length;
    }

    private long elementLength(int tag, VR vr, Object value) {
        if (value instanceof byte[] bytes) {
            int padded = bytes.length + (bytes.length & 1);
            VR headerVR = explicitVR && !vr.hasLongLength() && padded > 0xFFFF ? VR.UN : vr;
            return headerLength(headerVR) + padded;
        }
        if (value instanceof Sequence seq) {
            return headerLength(VR.SQ) + sequenceValueLength(seq)
                    + (options.undefinedSequenceLength() ? 8 : 0);
        }
        if (value instanceof Fragments fragments) {
            long length = headerLength(fragments.vr()) + 8;
            for (int i = 0; i < fragments.size(); i++) {
                long itemLength = fragments.itemLength(i);
                length += 8 + itemLength + (itemLength & 1);
            }
            return length;
        }
        BulkData bulk = (BulkData) value;
        long padded = bulk.length() + (bulk.length() & 1);
        VR headerVR = explicitVR && !vr.hasLongLength() && padded > 0xFFFF ? VR.UN : vr;
        return headerLength(headerVR) + padded;
    }

    private long sequenceValueLength(Sequence seq) {
        long length = 0;
        for (Attributes item : seq) {
            length += 8 + datasetLength(item) + (options.undefinedItemLength() ? 8 : 0);
        }
        return length;
    }

    private int headerLength(VR vr) {
        return explicitVR ? vr.explicitHeaderLength() : 8;
    }

    private static int checkedLength(long length) {
        if (length > 0xFFFFFFFEL) {
            throw new IllegalArgumentException("MB-0859: value of " + length
                    + " bytes does not fit a 32-bit length; write it with undefined length or split it");
        }
        return (int) length;
    }

    // ---- headers and primitives

    /**
     * Writes one element header; {@code vr} is ignored for implicit VR and for items and delimiters
     * (pass null there), {@code length} {@link #UNDEFINED_LENGTH} for undefined length. The value
     * follows with {@link #write(byte[], int, int)}, already in this transfer syntax's byte order.
     */
    public void writeHeader(int tag, VR vr, int length) throws IOException {
        if (buf.length - count < 12) {
            flushBuffer();
        }
        writeShort(tag >>> 16);
        writeShort(tag);
        if (!explicitVR || Tag.isItemOrDelimiter(tag)) {
            writeInt(length);
        } else {
            buf[count++] = (byte) (vr.code() >>> 8);
            buf[count++] = (byte) vr.code();
            if (vr.hasLongLength()) {
                buf[count++] = 0;
                buf[count++] = 0;
                writeInt(length);
            } else {
                if ((length & 0xFFFF0000) != 0) {
                    throw new IllegalArgumentException("MB-0859: " + vr + " value of " + (length & 0xFFFFFFFFL)
                            + " bytes exceeds the 16-bit length of explicit VR " + vr);
                }
                writeShort(length);
            }
        }
    }

    private void writeShort(int v) {
        if (bigEndian) {
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        } else {
            buf[count++] = (byte) v;
            buf[count++] = (byte) (v >>> 8);
        }
    }

    private void writeInt(int v) throws IOException {
        if (buf.length - count < 4) {
            flushBuffer();
        }
        if (bigEndian) {
            buf[count++] = (byte) (v >>> 24);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        } else {
            buf[count++] = (byte) v;
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 24);
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            flushBuffer();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len <= buf.length - count) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
            return;
        }
        flushBuffer();
        if (len >= buf.length) {
            out.write(b, off, len);
        } else {
            System.arraycopy(b, off, buf, 0, len);
            count = len;
        }
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Flushes and, for deflated syntaxes, ends the deflate stream; the underlying stream stays open. */
    public void finish() throws IOException {
        flushBuffer();
        if (deflater != null) {
            deflater.finish();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            try {
                out.close();
            } finally {
                if (deflate != null) {
                    deflate.end();
                }
            }
        }
    }
}
