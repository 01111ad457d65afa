package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.medbroker.connectors.dicom.service.PhiFreeFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the objects of a storage directory renamed into the layout at or after a mark's moment and
 * has the sink index those the index lost. A rename sets the file's change time (ctime) and its
 * directory's modification time, neither of which a sender can set: only directories modified since
 * the mark are listed, and of their files only those changed since. Without a mark, every file is
 * checked. File names and paths are never logged (a layout may hold the Patient ID).
 */
final class ImagingRecovery {

    private static final Logger log = LoggerFactory.getLogger(ImagingRecovery.class);
    /** The kernel stamps times from a coarse clock, a tick behind the one the mark was taken from. */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

    record Result(int checked, int indexed, int indexedElsewhere, int notObjects, int failed) {}

    private ImagingRecovery() {}

    static Result run(ImagingStore sink, Optional<Instant> since) throws IOException {
        Optional<FileTime> from = since.map(t -> FileTime.from(t.minus(CLOCK_SLACK)));
        Walker walker = new Walker(sink, from);
        Files.walkFileTree(sink.storageDir(), walker);
        return new Result(walker.checked, walker.indexed, walker.elsewhere, walker.notObjects, walker.failed);
    }

    private static final class Walker extends SimpleFileVisitor<Path> {
        private final ImagingStore sink;
        private final Path root;
        private final Optional<FileTime> from;
        /** Per directory on the way down: was it modified since the mark? */
        private final Deque<Boolean> modified = new ArrayDeque<>();
        private boolean ctimeReadable = true;
        int checked;
        int indexed;
        int elsewhere;
        int notObjects;
        int failed;

        Walker(ImagingStore sink, Optional<FileTime> from) {
            this.sink = sink;
            this.root = sink.storageDir();
            this.from = from;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root.resolve(".incoming"))) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            modified.push(from.map(t -> attrs.lastModifiedTime().compareTo(t) >= 0).orElse(true));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            modified.pop();
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile() || !modified.peek()
                    || file.getParent().equals(root) && IndexedMark.isOwnFile(file.getFileName().toString())
                    || !changedSinceMark(file)) {
                return FileVisitResult.CONTINUE;
            }
            checked++;
            try {
                switch (sink.recover(file)) {
                    case INDEXED -> indexed++;
                    case INDEXED_ELSEWHERE -> elsewhere++;
                    case NOT_AN_OBJECT -> notObjects++;
                    case ALREADY_INDEXED -> { }
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                log.error("{}: MB-0672: a stored object could not be indexed again ({})", sink.listener(),
                        PhiFreeFailure.describe(e));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            failed++;
            return FileVisitResult.CONTINUE;
        }

        private boolean changedSinceMark(Path file) {
            if (from.isEmpty() || !ctimeReadable) {
                return true;
            }
            try {
                return ((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).compareTo(from.get()) >= 0;
            } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
                // no change time on this file system: every file of a modified directory is checked
                ctimeReadable = false;
                return true;
            }
        }
    }
}
