package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.DicomOutputStream;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.service.ReceivedObject;
import org.medbroker.connectors.dicom.service.StoreResult;
import org.medbroker.engine.config.BrokerConfig.DuplicatePolicy;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.journal.JournalCursor;
import org.medbroker.engine.journal.JournalEntry;
import org.medbroker.engine.journal.JournalSettings;
import org.medbroker.engine.ops.Metrics;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.testsupport.TestDatabase;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * A DICOM object is acknowledged once its receipt is journaled, and indexed later from the journal:
 * an object held in memory is written again from its receipt when the process that received it is
 * gone (its file may never have reached the disk), and under the keep policy a second copy is a
 * duplicate before the first is indexed, across a restart too.
 */
class ImagingReceiptTest {

    private static final String LAYOUT = "{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm";
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.91";
    private static final String SOP = STUDY + ".1.1";

    @TempDir
    Path tmp;
    private final List<AutoCloseable> open = new ArrayList<>();
    private RecordStore store;
    private Journal journal;
    private Path storage;

    @BeforeEach
    void open() throws Exception {
        TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        open.add(db);
        store = db.open();
        open.add(store);
        storage = Files.createDirectories(tmp.resolve("images"));
        journal = openJournal();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Journal openJournal() throws Exception {
        Journal opened = Journal.open(tmp.resolve("journal"), JournalSettings.defaults(), 1);
        open.add(opened);
        return opened;
    }

    /** One broker process: its indexer and the listener's receiver, sharing what is pending. */
    private final class Process {
        final ImagingIndexer indexer = new ImagingIndexer(Map.of("imaging", new ImagingIndexer.ListenerSettings(storage, true)),
                new ImagingIndex(), new PatientRegistry(), new ResourceStore(store.dataSource(), FhirContext.forR4Cached()),
                MappingOptions.defaults(), new ImagingMetrics(new Metrics()), ImagingIndexer.DEFAULT_MEMO_STUDIES);
        final ImagingReceiver receiver = indexer.receiver("imaging", storage, new StorageLayout(LAYOUT), DuplicatePolicy.KEEP,
                true, store, journal);

        /** What the store applier does with everything journaled after {@code seq}. */
        void indexAfter(long seq) throws Exception {
            journal.awaitDurableAfter(seq, 5, java.util.concurrent.TimeUnit.SECONDS);
            try (JournalCursor cursor = journal.cursorAfter(seq); Connection connection = store.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                for (JournalEntry entry : cursor.next(100)) {
                    assertThat(indexer.apply(connection, entry, Instant.now()).row()).isNull();
                }
                indexer.beforeCommit();
                connection.commit();
                indexer.committed();
            }
        }
    }

    private static byte[] dataSet() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, SOP);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Петрова^Анна");
        ds.setString(Tag.PatientID, VR.LO, "MRN-91");
        ds.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, STUDY + ".1");
        ds.setBytes(Tag.PixelData, VR.OW, new byte[2048]);
        return DicomOutputStream.encode(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static ReceivedObject inMemory(byte[] dataSet) {
        long offset = Part10.encodeHeader(Part10.fileMetaInformation(UID.CTImageStorage, SOP,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "CT01")).length;
        return new ReceivedObject(null, dataSet, offset, dataSet.length, UID.CTImageStorage, SOP, UID.ExplicitVRLittleEndian,
                "CT01", "MEDBROKER", "127.0.0.1", null);
    }

    private Path target() {
        return storage.resolve(STUDY).resolve(STUDY + ".1").resolve(SOP + ".dcm");
    }

    private List<String> indexed() throws Exception {
        try (Connection connection = store.dataSource().getConnection()) {
            return new ImagingIndex().filePathOf(connection, SOP).stream().toList();
        }
    }

    @Test
    void aSmallObjectIsInItsFileAtOnceAndIndexedFromTheJournal() throws Exception {
        Process process = new Process();
        byte[] dataSet = dataSet();
        assertThat(process.receiver.store(inMemory(dataSet)).outcome()).isEqualTo(StoreResult.Outcome.STORED);
        byte[] expected = inMemory(dataSet).part10Bytes();
        assertThat(target()).hasBinaryContent(expected);
        assertThat(indexed()).isEmpty();

        process.indexAfter(0);

        assertThat(indexed()).containsExactly(target().toString());
        assertThat(target()).hasBinaryContent(expected);
        try (var parts = Files.walk(storage)) {
            assertThat(parts.filter(p -> p.toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void afterACrashTheFileIsWrittenAgainFromTheReceipt() throws Exception {
        byte[] dataSet = dataSet();
        assertThat(new Process().receiver.store(inMemory(dataSet)).outcome()).isEqualTo(StoreResult.Outcome.STORED);
        // the power went: the rename never reached the disk, or only part of the data did
        Files.write(target(), new byte[] {1, 2, 3});

        new Process().indexAfter(0);

        assertThat(target()).hasBinaryContent(inMemory(dataSet).part10Bytes());
        assertThat(indexed()).containsExactly(target().toString());
    }

    @Test
    void underKeepASecondCopyBeforeTheFirstIsIndexedIsADuplicateAcrossARestart() throws Exception {
        Process first = new Process();
        assertThat(first.receiver.store(inMemory(dataSet())).outcome()).isEqualTo(StoreResult.Outcome.STORED);
        assertThat(first.receiver.store(inMemory(dataSet())).outcome()).isEqualTo(StoreResult.Outcome.DUPLICATE);
        assertThat(journal.writtenSeq()).isEqualTo(1);

        Process restarted = new Process();
        restarted.indexer.claimBacklog(journal, 0, Set.of("imaging"));
        assertThat(restarted.receiver.store(inMemory(dataSet())).outcome()).isEqualTo(StoreResult.Outcome.DUPLICATE);

        restarted.indexAfter(0);
        // indexed: the index says duplicate from now on, the claim is gone
        assertThat(restarted.receiver.store(inMemory(dataSet())).outcome()).isEqualTo(StoreResult.Outcome.DUPLICATE);
        assertThat(journal.writtenSeq()).isEqualTo(1);
        assertThat(indexed()).hasSize(1);
    }

    @Test
    void nothingIsJournaledWhenTheFileCannotBeWritten() throws Exception {
        Files.createDirectories(storage.resolve(STUDY));
        Files.writeString(storage.resolve(STUDY).resolve(STUDY + ".1"), "a file where the series directory goes");
        Process process = new Process();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> process.receiver.store(inMemory(dataSet())))
                .isInstanceOf(java.io.IOException.class);
        assertThat(journal.writtenSeq()).isZero();
        // the claim went with the failure: sent again once the disk is fixed, it is stored
        Files.delete(storage.resolve(STUDY).resolve(STUDY + ".1"));
        assertThat(process.receiver.store(inMemory(dataSet())).outcome()).isEqualTo(StoreResult.Outcome.STORED);
        assertThat(journal.awaitDurableAfter(0, Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .isTrue();
    }
}
