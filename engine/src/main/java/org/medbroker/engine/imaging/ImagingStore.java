package org.medbroker.engine.imaging;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.Part10File;
import org.medbroker.connectors.dicom.service.PhiFreeFailure;
import org.medbroker.connectors.dicom.service.ReceivedObject;
import org.medbroker.connectors.dicom.service.StorageSink;
import org.medbroker.connectors.dicom.service.StoreResult;
import org.medbroker.connectors.dicom.service.StoreResult.Outcome;
import org.medbroker.engine.config.BrokerConfig.DuplicatePolicy;
import org.medbroker.engine.store.ImagingIndex;
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
 * The storage sink of one DICOM listener: moves each received file into the storage layout
 * (atomically, directory fsynced), applies the duplicate policy, and indexes it with its patient in
 * one transaction, before the C-STORE-RSP leaves. Nothing is reported stored that is not on disk and
 * in the index; a full disk or an unreachable store answers Out of Resources.
 */
public final class ImagingStore implements StorageSink {

    private static final Logger log = LoggerFactory.getLogger(ImagingStore.class);
    /** Studies remembered per listener: a few modalities each sending a study at a time, with room to spare. */
    public static final int DEFAULT_MEMO_STUDIES = 256;

    private final String listener;
    private final Path storageDir;
    private final StorageLayout layout;
    private final DuplicatePolicy duplicates;
    private final boolean fsync;
    private final RecordStore store;
    private final ImagingIndex index;
    private final PatientRegistry patients;
    private final ResourceStore resources;
    private final MappingOptions options;
    private final ImagingMetrics metrics;
    private final ReentrantLock[] studyLocks = new ReentrantLock[64];
    private final StudyMemo memo;
    private final LongAdder memoHits = new LongAdder();
    private final StoreActivity activity = new StoreActivity();

    public ImagingStore(String listener, Path storageDir, StorageLayout layout, DuplicatePolicy duplicates, boolean fsync,
            RecordStore store,
            ImagingIndex index, PatientRegistry patients, ResourceStore resources, MappingOptions options,
            ImagingMetrics metrics) {
        this(listener, storageDir, layout, duplicates, fsync, store, index, patients, resources, options, metrics,
                DEFAULT_MEMO_STUDIES);
    }

    /**
     * @param memoStudies how many recent studies the listener remembers as it wrote them to the index, so
     *                    their next objects only add an instance row (0: every object writes the study)
     */
    public ImagingStore(String listener, Path storageDir, StorageLayout layout, DuplicatePolicy duplicates, boolean fsync,
            RecordStore store, ImagingIndex index, PatientRegistry patients, ResourceStore resources, MappingOptions options,
            ImagingMetrics metrics, int memoStudies) {
        this.memo = new StudyMemo(memoStudies);
        this.listener = listener;
        this.storageDir = storageDir.toAbsolutePath().normalize();
        this.layout = layout;
        this.duplicates = duplicates;
        this.fsync = fsync;
        this.store = store;
        this.index = index;
        this.patients = patients;
        this.resources = resources;
        this.options = options;
        this.metrics = metrics;
        for (int i = 0; i < studyLocks.length; i++) {
            studyLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public StoreResult store(ReceivedObject object) throws IOException {
        long token = activity.enter();
        try {
            return storeReceived(object);
        } finally {
            activity.leave(token);
        }
    }

    private StoreResult storeReceived(ReceivedObject object) throws IOException {
        InstanceHeader header;
        try {
            Attributes dataset = object.header() != null ? object.header()
                    : Part10.readDatasetUntilPixelData(object.file()).dataset();
            header = InstanceHeader.of(dataset);
        } catch (InstanceHeader.MissingUidException e) {
            return refuse(Outcome.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
        } catch (IOException e) {
            if (!Files.exists(object.file())) {
                throw e;
            }
            return refuse(Outcome.CANNOT_UNDERSTAND, "MB-0664: the data set cannot be parsed");
        }
        if (!header.instance().sopInstanceUid().equals(object.sopInstanceUid())) {
            return refuse(Outcome.CANNOT_UNDERSTAND, "MB-0665: SOP Instance UID differs from the C-STORE request's");
        }
        return storeLocked(object, header, false);
    }

    /** What {@link #recover} found a file in the layout to be. */
    enum Recovered { ALREADY_INDEXED, INDEXED, INDEXED_ELSEWHERE, NOT_AN_OBJECT }

    /**
     * Indexes a file of the layout the index does not know: one stored and answered Success whose
     * index entry a crash took with it (the embedded store writes its commits to disk later). The file
     * stays where it is; a SOP instance the index holds at another path that still exists is left to
     * that file.
     */
    Recovered recover(Path file) throws IOException {
        Part10File read;
        InstanceHeader header;
        try {
            read = Part10.readDatasetUntilPixelData(file);
            header = InstanceHeader.of(read.dataset());
        } catch (InstanceHeader.MissingUidException | RuntimeException e) {
            return Recovered.NOT_AN_OBJECT;
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw e;
            }
            return Recovered.NOT_AN_OBJECT;
        }
        String sopInstanceUid = header.instance().sopInstanceUid();
        try (Connection connection = store.dataSource().getConnection()) {
            Optional<String> indexed = index.filePathOf(connection, sopInstanceUid);
            if (indexed.isPresent() && Path.of(indexed.get()).equals(file)) {
                return Recovered.ALREADY_INDEXED;
            }
            if (indexed.isPresent() && Files.exists(Path.of(indexed.get()))) {
                return Recovered.INDEXED_ELSEWHERE;
            }
        } catch (SQLException e) {
            throw new IOException("MB-0666: record store unavailable", e);
        }
        Attributes meta = read.fileMetaInformation();
        long size = Files.size(file);
        storeLocked(new ReceivedObject(file, 0, size, header.instance().sopClassUid(), sopInstanceUid,
                meta.getString(Tag.TransferSyntaxUID), meta.getString(Tag.SourceApplicationEntityTitle), null, null,
                read.dataset()), header, true);
        return Recovered.INDEXED;
    }

    StoreActivity activity() {
        return activity;
    }

    Path storageDir() {
        return storageDir;
    }

    String listener() {
        return listener;
    }

    /** Objects of one study are indexed one at a time: their study and series rows are shared. */
    private StoreResult storeLocked(ReceivedObject object, InstanceHeader header, boolean inPlace) throws IOException {
        ReentrantLock lock = studyLocks[Math.floorMod(header.studyInstanceUid().hashCode(), studyLocks.length)];
        lock.lock();
        try {
            return storeAndIndex(object, header, inPlace);
        } finally {
            lock.unlock();
        }
    }

    /** @param inPlace the file is in the layout already (recovery): index it where it is */
    private StoreResult storeAndIndex(ReceivedObject object, InstanceHeader header, boolean inPlace) throws IOException {
        Path target = inPlace ? object.file() : layout.resolve(storageDir, header);
        DicomStudy study = new DicomStudy(header.studyInstanceUid(), header.accessionNumber(), header.accessionIssuer(),
                header.studyId(), header.studyDate(), header.studyTime(), header.studyDescription(),
                header.referringPhysician(), header.patient(), List.of(header.series()));
        DicomStudy studyOnly = StudyMemo.studyOnly(study);
        DicomSeries seriesOnly = StudyMemo.seriesOnly(header.series());
        boolean moved = inPlace;
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int attempt = 1; ; attempt++) {
                // micros: what the index keeps of it, so the stamp compares equal when read back
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                try {
                    Optional<String> existing = index.filePathOf(connection, object.sopInstanceUid());
                    if (existing.isPresent() && duplicates == DuplicatePolicy.KEEP && !moved) {
                        connection.rollback();
                        metrics.duplicate(listener);
                        log.info("{}: DICOM object from {} already stored; kept the stored one (duplicate policy keep)",
                                listener, object.callingAeTitle());
                        return StoreResult.of(Outcome.DUPLICATE, "MB-0662: SOP instance already stored; kept");
                    }
                    long size = object.dataSetOffset() + object.dataSetLength();
                    if (!moved) {
                        move(object.file(), target);
                        moved = true;
                    }
                    StudyMemo.Written written = memo.lookup(studyOnly);
                    if (written != null && index.touchStudy(connection, study.studyInstanceUid(), written.patientRef(),
                            written.updatedAt(), now)) {
                        // the study as this listener left it: same patient link, only the instance (and a new series) to add
                        index.indexInstance(connection, new ImagingIndex.StoredInstance(study, written.patientRef(), null,
                                object.transferSyntaxUid(), target.toString(), size, listener, object.callingAeTitle()),
                                written.hasSeries(seriesOnly), existing.isPresent(), now);
                        written = written.with(seriesOnly, now);
                        memoHits.increment();
                    } else {
                        PatientLink patient = linkPatient(connection, header, now);
                        index.index(connection, new ImagingIndex.StoredInstance(study, patient.id(), patient.conflict(),
                                object.transferSyntaxUid(), target.toString(), size, listener, object.callingAeTitle()), now);
                        written = new StudyMemo.Written(studyOnly, patient.id(), Map.of(), now).with(seriesOnly, now);
                    }
                    connection.commit();
                    memo.remember(written);
                    existing.filter(old -> !Path.of(old).equals(target)).ifPresent(this::deleteQuietly);
                    metrics.stored(listener, size);
                    return StoreResult.stored();
                } catch (SQLException e) {
                    memo.forget(study.studyInstanceUid());
                    connection.rollback();
                    // Another study registered the same new patient at the same moment: the next try finds it.
                    if (!isConstraintViolation(e) || attempt == 3) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    memo.forget(study.studyInstanceUid());
                    connection.rollback();
                    throw e;
                }
            }
        } catch (SQLException e) {
            metrics.failed(listener);
            log.error("{}: MB-0666: the record store refused a DICOM object's index entry ({}); answered out of resources",
                    listener, PhiFreeFailure.describe(e));
            throw new IOException("MB-0666: record store unavailable", e);
        } catch (IOException e) {
            metrics.failed(listener);
            log.error("{}: MB-0667: cannot write a DICOM object below {} ({}); answered out of resources", listener, storageDir,
                    PhiFreeFailure.describe(e));
            throw e;
        }
    }

    /** Objects indexed from the memo (only their instance, and maybe series, row written). */
    long memoHits() {
        return memoHits.sum();
    }

    private static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private record PatientLink(String id, String conflict) {}

    /**
     * The clinic's patient for the object: matched by patient id and issuer, created when new, compared when known.
     * The next objects of a study with the same patient module reuse the study's link.
     */
    private PatientLink linkPatient(Connection connection, InstanceHeader header, Instant now) throws SQLException {
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

    private StoreResult refuse(Outcome outcome, String detail) {
        metrics.failed(listener);
        log.warn("{}: {}", listener, detail);
        return StoreResult.of(outcome, detail);
    }

    /** Rename within the file system, then (with fsync) force the directory so the new name survives a power cut. */
    private void move(Path source, Path target) throws IOException {
        try {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                // the first object of its series: the directory comes first (most objects skip the mkdir)
                if (!Files.exists(source)) {
                    throw e;
                }
                Files.createDirectories(target.getParent());
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            if (fsync) {
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
        if (!fsync) {
            return;
        }
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private void deleteQuietly(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            log.warn("{}: MB-0668: could not delete a replaced DICOM file ({})", listener, e.getClass().getSimpleName());
        }
    }
}
