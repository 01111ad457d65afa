package org.medbroker.connectors.dicom.io;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.BulkData;
import org.medbroker.connectors.dicom.data.ByteOrder;
import org.medbroker.connectors.dicom.data.ElementDictionary;
import org.medbroker.connectors.dicom.data.Fragments;
import org.medbroker.connectors.dicom.data.Sequence;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;

/**
 * Decodes data sets from a stream in one transfer syntax (PS3.5 7), the reverse of
 * {@link DicomOutputStream}: defined and undefined lengths, sequences nested to
 * {@link Options#maxSequenceDepth()}, encapsulated pixel data, Implicit VR through the
 * {@link ElementDictionary}, and explicit UN of undefined length read as an Implicit VR Little Endian
 * sequence (PS3.5 6.2.2). Group length elements are read and dropped (writers recompute them).
 * Binary values of big endian syntaxes are swapped to little endian as {@link Attributes} keeps them.
 *
 * <p>Values longer than {@link Options#bulkDataThreshold()} are not loaded: when
 * {@link Options#bulkDataFile()} names the file this stream reads from its first byte, they become
 * {@link BulkData} references into it, otherwise they are skipped and left out of the result. Values
 * longer than {@link Options#maxValueLength()} that would have to be loaded fail the read.
 *
 * <p>Headers are parsed from an internal buffer, never byte by byte from the underlying stream.
 */
public final class DicomInputStream implements Closeable {

    /**
     * Limits and bulk data handling.
     *
     * @param maxValueLength longest value loaded into memory, in bytes
     * @param bulkDataThreshold values longer than this are referenced or skipped, never loaded
     * @param bulkDataFile the file this stream reads, from offset 0, for {@link BulkData} references; or null
     * @param maxSequenceDepth deepest nesting of sequences accepted
     */
    public record Options(int maxValueLength, long bulkDataThreshold, Path bulkDataFile, int maxSequenceDepth) {

        /** Up to 64 MiB per value loaded, nothing referenced, 64 levels of sequences. */
        public static final Options DEFAULT = new Options(64 << 20, Long.MAX_VALUE, null, 64);

        public Options {
            if (maxValueLength < 0 || bulkDataThreshold < 0 || maxSequenceDepth < 1) {
                throw new IllegalArgumentException("negative limit");
            }
        }

        public Options withBulkData(Path file, long threshold) {
            return new Options(maxValueLength, threshold, file, maxSequenceDepth);
        }
    }

    private static final long UNTIL_END_OF_STREAM = Long.MAX_VALUE;
    private static final long UNTIL_DELIMITER = -1;
    private static final int NO_STOP = 0xFFFFFFFF;

    private final Options options;
    private final ElementDictionary dictionary = ElementDictionary.standard();
    private InputStream in;
    private Inflater inflater;
    private TransferSyntax transferSyntax;
    private boolean explicitVR;
    private boolean bigEndian;
    private boolean positionIsFileOffset;
    private final byte[] buf;
    private int bufPos;
    private int bufLen;
    private long bufStart;

    // the header just read
    private int tag;
    private VR vr;
    private int length;

    public DicomInputStream(InputStream in, TransferSyntax transferSyntax) {
        this(in, transferSyntax, Options.DEFAULT, 8192);
    }

    public DicomInputStream(InputStream in, TransferSyntax transferSyntax, Options options, int bufferSize) {
        this.in = Objects.requireNonNull(in, "in");
        this.options = Objects.requireNonNull(options, "options");
        if (bufferSize < 64) {
            throw new IllegalArgumentException("bufferSize < 64: " + bufferSize);
        }
        this.buf = new byte[bufferSize];
        this.positionIsFileOffset = options.bulkDataFile() != null;
        setTransferSyntax(transferSyntax);
    }

    /** Decodes a whole encoded data set, such as a C-FIND identifier, held in memory. */
    public static Attributes decode(byte[] encoded, TransferSyntax transferSyntax) throws DicomStreamException {
        try (DicomInputStream dis = new DicomInputStream(new ByteArrayInputStream(encoded), transferSyntax,
                Options.DEFAULT, Math.max(64, Math.min(encoded.length, 8192)))) {
            return dis.readDataset();
        } catch (DicomStreamException e) {
            throw e;
        } catch (IOException e) {
            throw new DicomStreamException("MB-0851: data set truncated or malformed (" + e.getMessage() + ")");
        }
    }

    /** Decodes a DIMSE command set: Implicit VR Little Endian, (0000,0000) dropped (PS3.7 6.3.1). */
    public static Attributes decodeCommandSet(byte[] encoded) throws DicomStreamException {
        return decode(encoded, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * Continues in another transfer syntax, as after the File Meta Information (PS3.10 7.1); for a
     * deflated syntax the rest of the stream is inflated on the fly and positions no longer match
     * file offsets, so no {@link BulkData} references are made from then on.
     */
    public void setTransferSyntax(TransferSyntax ts) {
        this.transferSyntax = Objects.requireNonNull(ts, "transferSyntax");
        this.explicitVR = ts.isExplicitVR();
        this.bigEndian = ts.isBigEndian();
        if (ts.isDeflated() && inflater == null) {
            byte[] rest = Arrays.copyOfRange(buf, bufPos, bufLen);
            inflater = new Inflater(true);
            in = new InflaterInputStream(new SequenceInputStream(new ByteArrayInputStream(rest), in), inflater,
                    buf.length);
            bufStart = position();
            bufPos = 0;
            bufLen = 0;
            positionIsFileOffset = false;
        }
    }

    /** Bytes consumed so far; after a switch to a deflated syntax, counted in the inflated data. */
    public long position() {
        return bufStart + bufPos;
    }

    /** Reads every element up to the end of the stream. */
    public Attributes readDataset() throws IOException {
        Attributes dataset = new Attributes();
        readElements(dataset, UNTIL_END_OF_STREAM, NO_STOP, 0);
        return dataset;
    }

    /**
     * Reads top-level elements until the end of the stream or until the next element's tag is
     * {@code stopTag} or greater, which is left unread (see {@link #peekTag()}).
     */
    public Attributes readDatasetUntil(int stopTag) throws IOException {
        Attributes dataset = new Attributes();
        readElements(dataset, UNTIL_END_OF_STREAM, stopTag, 0);
        return dataset;
    }

    /** The tag of the next element without consuming it, or -1 at the end of the stream. */
    public int peekTag() throws IOException {
        if (!ensure(4)) {
            if (bufLen - bufPos == 0) {
                return -1;
            }
            throw truncated();
        }
        return readTag(bufPos);
    }

    /** Reads exactly {@code length} raw bytes, such as the Part 10 preamble. */
    public void readFully(byte[] dst, int off, int len) throws IOException {
        int buffered = Math.min(len, bufLen - bufPos);
        System.arraycopy(buf, bufPos, dst, off, buffered);
        bufPos += buffered;
        off += buffered;
        len -= buffered;
        if (len == 0) {
            return;
        }
        bufStart += bufLen;
        bufPos = 0;
        bufLen = 0;
        while (len > 0) {
            int n = read(dst, off, len);
            if (n < 0) {
                throw truncated();
            }
            bufStart += n;
            off += n;
            len -= n;
        }
    }

    /** Skips {@code n} bytes without keeping them. */
    public void skipFully(long n) throws IOException {
        int buffered = (int) Math.min(n, bufLen - bufPos);
        bufPos += buffered;
        n -= buffered;
        if (n == 0) {
            return;
        }
        bufStart += bufLen;
        bufPos = 0;
        bufLen = 0;
        while (n > 0) {
            long skipped = inflater != null ? 0 : in.skip(n);
            if (skipped <= 0) {
                int r = read(buf, 0, (int) Math.min(n, buf.length));
                if (r < 0) {
                    throw truncated();
                }
                skipped = r;
            }
            bufStart += skipped;
            n -= skipped;
        }
    }

    // ---- data sets, sequences, fragments

    private void readElements(Attributes into, long end, int stopTag, int depth) throws IOException {
        while (end == UNTIL_DELIMITER || position() < end) {
            if (!ensure(4)) {
                if (end == UNTIL_END_OF_STREAM && bufLen == bufPos) {
                    return;
                }
                throw truncated();
            }
            if (stopTag != NO_STOP && Integer.compareUnsigned(readTag(bufPos), stopTag) >= 0) {
                return;
            }
            readHeader();
            if (tag == Tag.ItemDelimitationItem) {
                if (end == UNTIL_DELIMITER) {
                    return;
                }
                continue;
            }
            if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
                if (end == UNTIL_END_OF_STREAM && tag == Tag.SequenceDelimitationItem) {
                    continue;
                }
                throw new DicomStreamException("MB-0852: item tag " + Tag.toString(tag) + " outside a sequence at byte "
                        + (position() - 8) + "; the data set is malformed");
            }
            readValue(into, depth);
        }
    }

    private void readValue(Attributes into, int depth) throws IOException {
        int tag = this.tag;
        VR vr = this.vr;
        long len = length & 0xFFFFFFFFL;
        if (length == -1) {
            if (vr == VR.SQ || vr == VR.UN) {
                readSequence(into.newSequence(tag), UNTIL_DELIMITER, vr == VR.UN && explicitVR, depth + 1);
            } else {
                readFragments(into, tag, vr);
            }
            return;
        }
        if (vr == VR.SQ) {
            readSequence(into.newSequence(tag), position() + len, false, depth + 1);
            return;
        }
        if (Tag.isGroupLength(tag)) {
            skipFully(len);
            return;
        }
        if (len > options.bulkDataThreshold()) {
            if (positionIsFileOffset) {
                into.setBulkData(tag, vr, new BulkData(options.bulkDataFile(), position(), len, bigEndian));
            }
            skipFully(len);
            return;
        }
        into.setValue(tag, vr, readValueBytes(len, vr));
    }

    private byte[] readValueBytes(long len, VR vr) throws IOException {
        if (len > options.maxValueLength()) {
            throw new DicomStreamException("MB-0853: value of " + Tag.toString(tag) + " is " + len
                    + " bytes, over the limit of " + options.maxValueLength() + "; raise maxValueLength or stream it");
        }
        byte[] value = new byte[(int) len];
        readFully(value, 0, value.length);
        if (bigEndian && vr != null) {
            ByteOrder.swap(value, 0, value.length, vr.unitSize());
        }
        return value;
    }

    private void readSequence(Sequence seq, long end, boolean implicitContent, int depth) throws IOException {
        if (depth > options.maxSequenceDepth()) {
            throw new DicomStreamException("MB-0854: sequences nested deeper than " + options.maxSequenceDepth());
        }
        boolean savedExplicitVR = explicitVR;
        boolean savedBigEndian = bigEndian;
        if (implicitContent) {
            explicitVR = false;
            bigEndian = false;
        }
        try {
            while (end == UNTIL_DELIMITER || position() < end) {
                readHeader();
                if (tag == Tag.SequenceDelimitationItem) {
                    return;
                }
                if (tag != Tag.Item) {
                    throw new DicomStreamException("MB-0852: expected an item in a sequence but found "
                            + Tag.toString(tag) + " at byte " + (position() - 8));
                }
                Attributes item = seq.addItem();
                readElements(item, length == -1 ? UNTIL_DELIMITER : position() + (length & 0xFFFFFFFFL),
                        NO_STOP, depth);
            }
        } finally {
            explicitVR = savedExplicitVR;
            bigEndian = savedBigEndian;
        }
    }

    private void readFragments(Attributes into, int fragmentsTag, VR fragmentsVR) throws IOException {
        Fragments fragments = into.newFragments(fragmentsTag, fragmentsVR == VR.OW ? VR.OW : VR.OB);
        boolean complete = true;
        while (true) {
            readHeader();
            if (tag == Tag.SequenceDelimitationItem) {
                break;
            }
            if (tag != Tag.Item) {
                throw new DicomStreamException("MB-0852: expected a fragment item in " + Tag.toString(fragmentsTag)
                        + " but found " + Tag.toString(tag) + " at byte " + (position() - 8));
            }
            long len = length & 0xFFFFFFFFL;
            if (len > options.bulkDataThreshold()) {
                if (positionIsFileOffset) {
                    fragments.add(new BulkData(options.bulkDataFile(), position(), len, false));
                } else {
                    complete = false;
                }
                skipFully(len);
            } else {
                fragments.add(readValueBytes(len, null));
            }
        }
        if (!complete) {
            into.remove(fragmentsTag);
        }
    }

    // ---- headers and primitives

    private void readHeader() throws IOException {
        if (!ensure(8)) {
            throw truncated();
        }
        int p = bufPos;
        tag = readTag(p);
        if (!explicitVR || Tag.isItemOrDelimiter(tag)) {
            vr = Tag.isItemOrDelimiter(tag) ? null : dictionary.vr(tag);
            length = readInt(p + 4);
            bufPos += 8;
            return;
        }
        VR explicit = VR.ofCode((buf[p + 4] & 0xFF) << 8 | (buf[p + 5] & 0xFF));
        if (explicit == null) {
            // Not a VR: some writers put implicit VR elements in explicit VR data sets; read it as such.
            vr = dictionary.vr(tag);
            length = readInt(p + 4);
            bufPos += 8;
        } else if (explicit.hasLongLength()) {
            if (!ensure(12)) {
                throw truncated();
            }
            vr = explicit;
            length = readInt(bufPos + 8);
            bufPos += 12;
        } else {
            vr = explicit;
            length = bigEndian
                    ? (buf[p + 6] & 0xFF) << 8 | (buf[p + 7] & 0xFF)
                    : (buf[p + 6] & 0xFF) | (buf[p + 7] & 0xFF) << 8;
            bufPos += 8;
        }
    }

    private int readTag(int p) {
        if (bigEndian) {
            return (buf[p] & 0xFF) << 24 | (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
        }
        return (buf[p + 1] & 0xFF) << 24 | (buf[p] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 8 | (buf[p + 2] & 0xFF);
    }

    private int readInt(int p) {
        if (bigEndian) {
            return (buf[p] & 0xFF) << 24 | (buf[p + 1] & 0xFF) << 16 | (buf[p + 2] & 0xFF) << 8 | (buf[p + 3] & 0xFF);
        }
        return ByteOrder.intLE(buf, p);
    }

    /** Makes {@code n} bytes available at {@code bufPos}; false if the stream ends first. */
    private boolean ensure(int n) throws IOException {
        int available = bufLen - bufPos;
        if (available >= n) {
            return true;
        }
        if (bufPos > 0) {
            System.arraycopy(buf, bufPos, buf, 0, available);
            bufStart += bufPos;
            bufPos = 0;
            bufLen = available;
        }
        while (bufLen < n) {
            int r = read(buf, bufLen, buf.length - bufLen);
            if (r < 0) {
                return false;
            }
            bufLen += r;
        }
        return true;
    }

    /** Reads from the source; an inflater's complaints about its input become MB-0851. */
    private int read(byte[] dst, int off, int len) throws IOException {
        try {
            return in.read(dst, off, len);
        } catch (EOFException | java.util.zip.ZipException e) {
            DicomStreamException failure = new DicomStreamException("MB-0851: deflated data set is truncated or "
                    + "corrupt at byte " + position() + " of the inflated stream");
            failure.initCause(e);
            throw failure;
        }
    }

    private DicomStreamException truncated() {
        DicomStreamException e = new DicomStreamException("MB-0851: data set ends early at byte " + position()
                + " in " + transferSyntax + "; the sender or file is truncated");
        e.initCause(new EOFException());
        return e;
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }
}
