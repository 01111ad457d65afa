package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * A storage directory's durable promise about its index: every object renamed into the layout before
 * {@code until} has its index entry on disk. With {@code clean}, the broker stopped in order after
 * that and nothing was being stored, so nothing later needs looking at either.
 *
 * <p>Kept as {@code .indexed-until} at the top of the storage directory, replaced atomically (written
 * beside it, forced, renamed, directory forced).
 */
record IndexedMark(Instant until, boolean clean) {

    static final String FILE_NAME = ".indexed-until";
    private static final String TEMP_NAME = ".indexed-until.tmp";

    /** The mark of {@code storageDir}; empty when there is none or it cannot be read (then everything is checked). */
    static Optional<IndexedMark> read(Path storageDir) throws IOException {
        String text;
        try {
            text = Files.readString(storageDir.resolve(FILE_NAME), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] fields = text.split(" ");
        if (fields.length != 2 || !(fields[1].equals("clean") || fields[1].equals("running"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IndexedMark(Instant.parse(fields[0]), fields[1].equals("clean")));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    void write(Path storageDir) throws IOException {
        Path temp = storageDir.resolve(TEMP_NAME);
        byte[] text = (until + (clean ? " clean" : " running") + "\n").getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(text);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, storageDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(storageDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** True for the names the broker keeps at the top of a storage directory beside the layout. */
    static boolean isOwnFile(String name) {
        return name.equals(FILE_NAME) || name.equals(TEMP_NAME);
    }
}
