package org.medbroker.engine.outbound;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.medbroker.engine.config.BrokerConfig.FileDestination;
import org.medbroker.mappings.v2transform.TransformRejected;

/**
 * One file per message in the destination's folder, named by the stable outbound control id
 * ({@code MB<seq>.<tag>.hl7}): written to a hidden temporary file, fsynced, renamed atomically over
 * the final name, and the folder fsynced. A reader never sees half a file, and a resend replaces the
 * file instead of adding a second one. A write failure (disk full, no permission) is the
 * destination's fault: the circuit opens and the message waits. A study event is written as its
 * {@link StudyAnnouncement} ORU^R01 ({@code MS<n>.<tag>.hl7}), so a reader of the folder sees one format.
 * The destination's transforms edit every message first; one they reject is undeliverable, no file is written.
 */
final class FileTransport implements Transport {

    private final FileDestination config;

    FileTransport(FileDestination config) {
        this.config = config;
    }

    @Override
    public String peer() {
        return "folder " + config.directory();
    }

    @Override
    public Outcome send(OutboundQueue.Due message) {
        OutboundPayload.Hl7 payload;
        try {
            payload = OutboundPayload.hl7(message, config.sendingApplication(), config.sendingFacility(), "", "");
        } catch (RuntimeException e) {
            return new Outcome.Rejected("AR", "MB-0725: cannot build the outbound message: " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = OutboundPayload.transformed(payload, config.transforms()).bytes();
        } catch (TransformRejected e) {
            return new Outcome.Undeliverable(e.getMessage());
        }
        Path directory = config.directory();
        Path target = directory.resolve(message.controlId() + ".hl7");
        Path temporary = directory.resolve("." + message.controlId() + ".hl7.tmp");
        try {
            Files.createDirectories(directory);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(temporary);
                return new Outcome.Unreachable("unwritable", "MB-0730: " + directory + " does not support atomic renames");
            }
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return new Outcome.Delivered("AA");
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the next attempt truncates it anyway
            }
            return new Outcome.Unreachable("unwritable", "MB-0731: cannot write to " + directory + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        // nothing held between messages
    }
}
