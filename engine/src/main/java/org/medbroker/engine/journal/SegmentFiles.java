package org.medbroker.engine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Naming, listing and scanning of journal segment files ({@code <first seq>.wal}). */
final class SegmentFiles {

    static final String SUFFIX = ".wal";

    private SegmentFiles() {}

    static Path pathFor(Path dir, long firstSeq) {
        return dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
    }

    static TreeMap<Long, Path> list(Path dir) throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(p -> {
                String name = p.getFileName().toString();
                segments.put(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p);
            });
        }
        return segments;
    }

    /** A record read back from a segment, with the file position just after it. */
    record Read(JournalEntry entry, long nextPosition) {}

    /**
     * Reads the record at {@code position}, or nothing at the end of the valid data: end of file, a
     * partial record or a record whose checksum does not hold (a write torn by a crash).
     */
    static Optional<Read> readAt(FileChannel channel, long position, int maxRecordBytes) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(EntryCodec.HEADER_BYTES);
        if (readFully(channel, header, position) < EntryCodec.HEADER_BYTES) {
            return Optional.empty();
        }
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length <= 0 || length > maxRecordBytes) {
            return Optional.empty();
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (readFully(channel, body, position + EntryCodec.HEADER_BYTES) < length) {
            return Optional.empty();
        }
        body.flip();
        if (!EntryCodec.checksumHolds(body, crc)) {
            return Optional.empty();
        }
        return Optional.of(new Read(EntryCodec.decodeBody(body), position + EntryCodec.HEADER_BYTES + length));
    }

    /** Position just after the last valid record, and the last sequence number in the file (0 if none). */
    record Tail(long validEnd, long lastSeq) {}

    static Tail scan(Path file, int maxRecordBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            long lastSeq = 0;
            Optional<Read> read;
            while ((read = readAt(channel, position, maxRecordBytes)).isPresent()) {
                position = read.get().nextPosition();
                lastSeq = read.get().entry().seq();
            }
            return new Tail(position, lastSeq);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
