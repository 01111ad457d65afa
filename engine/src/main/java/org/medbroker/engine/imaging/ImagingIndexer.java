package org.medbroker.engine.imaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.engine.config.BrokerConfig.DuplicatePolicy;
import org.medbroker.engine.ingest.EntryApplier;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.journal.JournalCursor;
import org.medbroker.engine.journal.JournalEntry;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.engine.store.MessageRepository.MessageRow;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomPatientMapping;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes journaled DICOM receipts for the store applier, a batch per transaction: each instance
 * with its study, series and patient (matched by patient id and issuer, created when new, flagged
 * when the demographics disagree). Before the batch commits, the files of objects that came in
 * memory are forced to disk (written again from the receipt after a restart), so a journal segment
 * is released only once every object it held is in its file and in the index.
 */
public final class ImagingIndexer implements EntryApplier {

    private static final Logger log = LoggerFactory.getLogger(ImagingIndexer.class);
    /** Studies remembered: a few modalities each sending a study at a time, with room to spare. */
    public static final int DEFAULT_MEMO_STUDIES = 1024;

    /** What the indexer needs to know of each DICOM listener. */
    public record ListenerSettings(Path storageDir, boolean fsync) {}

    private final Map<String, ListenerSettings> listeners;
    private final ImagingIndex index;
    private final PatientRegistry patients;
    private final ResourceStore resources;
    private final MappingOptions options;
    private final ImagingMetrics metrics;
    private final PendingInstances pending;
    private final StudyMemo memo;
    private final LongAdder memoHits = new LongAdder();
    /** This transaction's receipts, settled once it commits. */
    private final List<Settled> transaction = new ArrayList<>();

    private record Settled(String listener, ImagingReceipt receipt, boolean force, String replaced, StudyMemo.Written written) {}

    public ImagingIndexer(Map<String, ListenerSettings> listeners, ImagingIndex index, PatientRegistry patients,
            ResourceStore resources, MappingOptions options, ImagingMetrics metrics, int memoStudies) {
        this(listeners, index, patients, resources, options, metrics, new PendingInstances(), memoStudies);
    }

    ImagingIndexer(Map<String, ListenerSettings> listeners, ImagingIndex index, PatientRegistry patients,
            ResourceStore resources, MappingOptions options, ImagingMetrics metrics, PendingInstances pending, int memoStudies) {
        this.listeners = Map.copyOf(listeners);
        this.index = index;
        this.patients = patients;
        this.resources = resources;
        this.options = options;
        this.metrics = metrics;
        this.pending = pending;
        this.memo = new StudyMemo(memoStudies);
    }

    /** The storage sink of one DICOM listener, journaling what this indexer indexes. */
    public ImagingReceiver receiver(String listener, Path storageDir, StorageLayout layout, DuplicatePolicy duplicates,
            boolean fsync, RecordStore store, Journal journal) {
        return new ImagingReceiver(listener, storageDir, layout, duplicates, fsync, store, new ImagingIndex(), journal, pending,
                metrics);
    }

    /**
     * Claims, for the listeners in {@code keeping}, the objects journaled and not yet indexed when
     * the broker stopped: a copy sent again before they are indexed is a duplicate under keep.
     */
    public void claimBacklog(Journal journal, long appliedSeq, Set<String> keeping) throws IOException {
        if (keeping.isEmpty()) {
            return;
        }
        try (JournalCursor cursor = journal.cursorAfter(appliedSeq)) {
            for (List<JournalEntry> entries = cursor.next(256); !entries.isEmpty(); entries = cursor.next(256)) {
                for (JournalEntry entry : entries) {
                    if (ImagingReceipt.PROTOCOL.equals(entry.protocol()) && keeping.contains(entry.listener())) {
                        pending.claim(entry.listener(), ImagingReceipt.decode(entry.payload()).sopInstanceUid());
                    }
                }
            }
        }
    }

    @Override
    public Applied apply(Connection connection, JournalEntry entry, Instant applyTime) throws SQLException {
        ImagingReceipt receipt;
        InstanceHeader header;
        ListenerSettings settings = listeners.get(entry.listener());
        try {
            receipt = ImagingReceipt.decode(entry.payload());
            if (settings == null) {
                throw new IOException("MB-0674: the DICOM listener " + entry.listener() + " is no longer configured");
            }
            header = InstanceHeader.of(placeFile(receipt));
        } catch (IOException | InstanceHeader.MissingUidException e) {
            log.error("{}: MB-0673: journal #{} DICOM object cannot be indexed ({}); kept with status error", entry.listener(),
                    entry.seq(), e.getMessage());
            return new Applied(failed(entry, "MB-0673: " + e.getMessage(), applyTime), List.of());
        }
        // micros: what the index keeps of it, so the stamp compares equal when read back
        Instant now = applyTime.truncatedTo(ChronoUnit.MICROS);
        String target = receipt.target();
        DicomStudy study = new DicomStudy(header.studyInstanceUid(), header.accessionNumber(), header.accessionIssuer(),
                header.studyId(), header.studyDate(), header.studyTime(), header.studyDescription(),
                header.referringPhysician(), header.patient(), List.of(header.series()));
        DicomStudy studyOnly = StudyMemo.studyOnly(study);
        DicomSeries seriesOnly = StudyMemo.seriesOnly(header.series());
        Optional<String> existing = index.filePathOf(connection, receipt.sopInstanceUid());
        long size = receipt.dataSetOffset() + receipt.dataSetLength();
        StudyMemo.Written written = memo.lookup(studyOnly);
        if (written != null && index.touchStudy(connection, study.studyInstanceUid(), written.patientRef(), written.updatedAt(), now)) {
            // the study as this indexer left it: same patient link, only the instance (and a new series) to add
            index.indexInstance(connection, new ImagingIndex.StoredInstance(study, written.patientRef(), null,
                    receipt.transferSyntaxUid(), target, size, entry.listener(), receipt.callingAeTitle()),
                    written.hasSeries(seriesOnly), existing.isPresent(), now);
            written = written.with(seriesOnly, now);
            memoHits.increment();
        } else {
            PatientLink patient = linkPatient(connection, entry.listener(), header, now);
            index.index(connection, new ImagingIndex.StoredInstance(study, patient.id(), patient.conflict(),
                    receipt.transferSyntaxUid(), target, size, entry.listener(), receipt.callingAeTitle()), now);
            written = new StudyMemo.Written(studyOnly, patient.id(), Map.of(), now).with(seriesOnly, now);
        }
        memo.remember(written);
        transaction.add(new Settled(entry.listener(), receipt, settings.fsync() && receipt.dataSet() != null,
                existing.filter(old -> !old.equals(target)).orElse(null), written));
        return new Applied(null, List.of());
    }

    /**
     * The object's file where the receipt says: a large object's is there already (forced before it
     * was acknowledged); a small one's too if this process wrote it, else written again from the receipt.
     * Returns the header read from it.
     */
    private Attributes placeFile(ImagingReceipt receipt) throws IOException {
        Path target = Path.of(receipt.target());
        if (receipt.dataSet() == null) {
            if (!Files.exists(target)) {
                throw new IOException("its file is missing (storage without fsync, and the machine stopped?)");
            }
            return Part10.readDatasetUntilPixelData(target).dataset();
        }
        if (!pending.writtenByThisProcess(receipt.target())) {
            Path part = target.resolveSibling(target.getFileName() + ".indexer.part");
            Files.deleteIfExists(part);
            try {
                receipt.toReceivedObject(null).moveTo(part);
            } catch (NoSuchFileException e) {
                Files.createDirectories(target.getParent());
                receipt.toReceivedObject(null).moveTo(part);
            }
            ImagingReceiver.rename(part, target, false);
        }
        TransferSyntax ts = TransferSyntax.forUid(receipt.transferSyntaxUid())
                .orElseThrow(() -> new IOException("unknown transfer syntax"));
        Attributes header = Part10.datasetUntilPixelData(receipt.dataSet(), receipt.dataSet().length, true, ts);
        if (header == null) {
            throw new IOException("the data set cannot be parsed");
        }
        return header;
    }

    /**
     * Receipts are indexed as they come: a modality's burst leaves a core free while it waits for each
     * C-STORE-RSP, its file writes dwarf the store's, and queries and forwarding wait for the index.
     */
    @Override
    public boolean deferrable() {
        return false;
    }

    /** The files this transaction indexed from memory, and their directories up to the storage directory, forced. */
    @Override
    public void beforeCommit() {
        Set<Path> directories = new LinkedHashSet<>();
        try {
            for (Settled settled : transaction) {
                if (!settled.force()) {
                    continue;
                }
                Path file = Path.of(settled.receipt().target());
                force(file);
                Path storageDir = listeners.get(settled.listener()).storageDir();
                for (Path dir = file.getParent(); dir != null && dir.startsWith(storageDir); dir = dir.getParent()) {
                    directories.add(dir);
                }
            }
            for (Path directory : directories) {
                force(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("MB-0675: cannot force DICOM files to disk: " + e.getMessage(), e);
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void committed() {
        for (Settled settled : transaction) {
            ImagingReceipt receipt = settled.receipt();
            if (receipt.dataSet() != null) {
                pending.fileIndexed(receipt.target());
            }
            pending.release(settled.listener(), receipt.sopInstanceUid());
            if (settled.replaced() != null) {
                deleteQuietly(settled.listener(), settled.replaced());
            }
        }
        transaction.clear();
    }

    @Override
    public void rolledBack() {
        transaction.stream().filter(settled -> settled.written() != null)
                .forEach(settled -> memo.forget(settled.written().study().studyInstanceUid()));
        transaction.clear();
    }

    @Override
    public MessageRow failed(JournalEntry entry, String reason, Instant now) {
        try {
            ImagingReceipt receipt = ImagingReceipt.decode(entry.payload());
            transaction.add(new Settled(entry.listener(), receipt, false, null, null));
        } catch (IOException e) {
            // nothing pending can name it
        }
        metrics.failed(entry.listener());
        return new MessageRow(entry.seq(), entry.listener(), entry.remoteAddress(), entry.receivedAt(), entry.protocol(),
                "C-STORE", null, null, null, "UTF-8", MessageRepository.ERROR, null, "MB-0673", reason, now, entry.payload(),
                Set.of());
    }

    /** Objects indexed from the memo (only their instance, and maybe series, row written). */
    long memoHits() {
        return memoHits.sum();
    }

    private record PatientLink(String id, String conflict) {}

    /**
     * The clinic's patient for the object: matched by patient id and issuer, created when new, compared when known.
     * The next objects of a study with the same patient module reuse the study's link.
     */
    private PatientLink linkPatient(Connection connection, String listener, InstanceHeader header, Instant now)
            throws SQLException {
        Optional<ImagingIndex.StudyPatient> linked = index.studyPatient(connection, header.studyInstanceUid());
        if (linked.isPresent() && samePatientModule(linked.get().patient(), header.patient())) {
            return new PatientLink(linked.get().patientRef(), null);
        }
        Patient incoming = DicomPatientMapping.patient(header.patient(), header.studyInstanceUid(), options);
        Identifier key = incoming.getIdentifierFirstRep();
        // As for HL7: an identifier without a system names no one beyond the id derived from it.
        List<PatientRegistry.PatientIdentifier> identifiers = key.hasSystem()
                ? List.of(new PatientRegistry.PatientIdentifier(key.getSystem(), key.getValue(), "MR"))
                : List.of();
        String id = patients.resolve(connection, incoming.getIdPart(), identifiers, now);
        Optional<Resource> known = resources.read(connection, "Patient", id);
        if (known.isEmpty()) {
            incoming.setId(id);
            resources.upsert(connection, incoming, now);
            return new PatientLink(id, null);
        }
        List<String> disagreements = DicomPatientMapping.disagreements((Patient) known.get(), incoming);
        if (disagreements.isEmpty()) {
            return new PatientLink(id, null);
        }
        metrics.conflict(listener);
        log.warn("{}: MB-0663: a study's patient demographics ({}) disagree with the clinic's record of the same patient id;"
                + " review the study's patient in the DICOM index", listener, String.join(", ", disagreements));
        return new PatientLink(id, String.join(",", disagreements));
    }

    /** The module as the index keeps it (the issuer qualifiers are not kept, so not compared). */
    private static boolean samePatientModule(DicomPatient indexed, DicomPatient incoming) {
        return Objects.equals(indexed.patientId(), incoming.patientId()) && Objects.equals(indexed.issuer(), incoming.issuer())
                && incoming.issuerUniversalId() == null && Objects.equals(indexed.name(), incoming.name())
                && Objects.equals(indexed.birthDate(), incoming.birthDate()) && Objects.equals(indexed.sex(), incoming.sex());
    }

    private static void deleteQuietly(String listener, String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            log.warn("{}: MB-0668: could not delete a replaced DICOM file ({})", listener, e.getClass().getSimpleName());
        }
    }
}
