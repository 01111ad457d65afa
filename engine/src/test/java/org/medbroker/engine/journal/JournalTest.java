package org.medbroker.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static long append(Journal journal, String payload) throws Exception {
        return journal.append(Instant.now(), "lab", "127.0.0.1:4000", "HL7V2", bytes(payload)).get(5, TimeUnit.SECONDS);
    }

    @Test
    void readsBackWhatWasAppendedInOrderAcrossReopen() throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1)) {
            assertThat(append(journal, "one")).isEqualTo(1);
            assertThat(append(journal, "two")).isEqualTo(2);
        }
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1); JournalCursor cursor = journal.cursorAfter(0)) {
            assertThat(append(journal, "three")).isEqualTo(3);
            List<JournalEntry> entries = cursor.next(10);
            assertThat(entries).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("one", "two", "three");
            assertThat(entries.get(0).listener()).isEqualTo("lab");
            assertThat(entries.get(0).remoteAddress()).isEqualTo("127.0.0.1:4000");
            assertThat(cursor.next(10)).isEmpty();
        }
    }

    @Test
    void concurrentAppendsShareFsyncsAndGetDistinctOrderedSequenceNumbers() throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(journal.append(Instant.now(), "lab", "", "HL7V2", bytes("m" + i)));
            }
            List<Long> seqs = new ArrayList<>();
            for (CompletableFuture<Long> future : futures) {
                seqs.add(future.get(10, TimeUnit.SECONDS));
            }
            assertThat(seqs).doesNotHaveDuplicates().hasSize(2_000);
            assertThat(journal.durableSeq()).isEqualTo(2_000);
            try (JournalCursor cursor = journal.cursorAfter(0)) {
                List<JournalEntry> all = new ArrayList<>();
                List<JournalEntry> batch;
                while (!(batch = cursor.next(300)).isEmpty()) {
                    all.addAll(batch);
                }
                assertThat(all).extracting(JournalEntry::seq).isSorted().hasSize(2_000);
            }
        }
    }

    @Test
    void cutsOffARecordTornByACrashAndGoesOnAfterTheLastWholeOne() throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1)) {
            append(journal, "whole-1");
            append(journal, "whole-2");
        }
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3);
        }
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1); JournalCursor cursor = journal.cursorAfter(0)) {
            assertThat(append(journal, "after-crash")).isEqualTo(2);
            assertThat(cursor.next(10)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("whole-1", "after-crash");
        }
    }

    @Test
    void aFlippedBitEndsTheSegmentInsteadOfYieldingGarbage() throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1)) {
            append(journal, "intact");
            append(journal, "damaged");
        }
        Path segment = onlySegment();
        byte[] content = Files.readAllBytes(segment);
        content[content.length - 2] ^= 0x01;
        Files.write(segment, content);
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 1); JournalCursor cursor = journal.cursorAfter(0)) {
            assertThat(cursor.next(10)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8)).containsExactly("intact");
        }
    }

    @Test
    void rollsSegmentsAndReleasesOnlyFullyAppliedOnes() throws Exception {
        JournalSettings small = new JournalSettings(1_000, 10_000, 1, 100);
        try (Journal journal = Journal.open(dir, small, 1)) {
            for (int i = 0; i < 20; i++) {
                append(journal, "x".repeat(300));
            }
            long segments = countSegments();
            assertThat(segments).isGreaterThan(3);
            journal.releaseUpTo(10);
            assertThat(countSegments()).isLessThan(segments);
            try (JournalCursor cursor = journal.cursorAfter(10)) {
                assertThat(cursor.next(100)).extracting(JournalEntry::seq).containsExactly(
                        11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
            }
        }
    }

    @Test
    void aCrashInsideAPreallocatedSegmentLosesNothingThatWasDurable() throws Exception {
        Journal crashed = Journal.open(dir, JournalSettings.defaults(), 1);
        append(crashed, "one");
        append(crashed, "two");
        assertThat(Files.size(SegmentFiles.pathFor(dir, 1))).isEqualTo(JournalSettings.defaults().segmentBytes());
        try (Journal reopened = Journal.open(dir, JournalSettings.defaults(), 1); JournalCursor cursor = reopened.cursorAfter(0)) {
            assertThat(append(reopened, "three")).isEqualTo(3);
            assertThat(cursor.next(10)).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                    .containsExactly("one", "two", "three");
        } finally {
            crashed.close();
        }
    }

    @Test
    void continuesNumberingFromTheStoresPositionWhenEverySegmentWasReleased() throws Exception {
        try (Journal journal = Journal.open(dir, JournalSettings.defaults(), 500)) {
            assertThat(append(journal, "first")).isEqualTo(500);
        }
    }

    @Test
    void refusesAMessageAboveTheEntryLimitWithoutWritingIt() throws Exception {
        try (Journal journal = Journal.open(dir, new JournalSettings(1 << 20, 10, 8, 100), 1)) {
            assertThatThrownBy(() -> append(journal, "far too long for the limit"))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalException.class);
            assertThat(journal.durableSeq()).isZero();
        }
    }

    private Path onlySegment() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
    }

    private long countSegments() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".wal")).count();
        }
    }
}
