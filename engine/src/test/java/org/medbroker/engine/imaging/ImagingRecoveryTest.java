package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.UID;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.io.Part10;
import org.medbroker.connectors.dicom.io.TransferSyntax;
import org.medbroker.connectors.dicom.service.ReceivedObject;
import org.medbroker.connectors.dicom.service.StoreResult;
import org.medbroker.engine.config.BrokerConfig.DuplicatePolicy;
import org.medbroker.engine.ops.Metrics;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.testsupport.TestDatabase;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * Objects answered Success whose index entries a crash took: {@link ImagingRecovery} indexes them
 * again from the storage directory, exactly as they were indexed when received, and checks only what
 * was renamed into the layout since the mark.
 */
class ImagingRecoveryTest {

    private static final String LAYOUT = "{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<ImagingStore, RecordStore> stores = new HashMap<>();
    private int received;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A listener's sink over a record store of its own and {@code storage}. */
    private ImagingStore sink(TestDatabase.Kind kind, Path storage) throws Exception {
        TestDatabase db = TestDatabase.create(kind);
        open.add(db);
        RecordStore store = db.open();
        open.add(store);
        ImagingStore sink = new ImagingStore("imaging", storage, new StorageLayout(LAYOUT), DuplicatePolicy.REPLACE, false,
                store, new ImagingIndex(), new PatientRegistry(),
                new ResourceStore(store.dataSource(), FhirContext.forR4Cached()), MappingOptions.defaults(),
                new ImagingMetrics(new Metrics()));
        stores.put(sink, store);
        return sink;
    }

    private StoreResult receive(ImagingStore sink, Attributes ds) throws Exception {
        Path file = Files.createDirectories(tmp.resolve("incoming")).resolve("in-" + received++ + ".dcm");
        Attributes meta = Part10.fileMetaInformation(ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "CBCT_ROOM2");
        Part10.write(file, meta, ds);
        long offset = Part10.encodeHeader(meta).length;
        return sink.store(new ReceivedObject(file, offset, Files.size(file) - offset, ds.getString(Tag.SOPClassUID),
                ds.getString(Tag.SOPInstanceUID), UID.ExplicitVRLittleEndian, "CBCT_ROOM2", "MEDBROKER", "127.0.0.1",
                Part10.readDatasetUntilPixelData(file).dataset()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void indexLostEntirelyIsRebuiltAsItWasFromTheStorageDirectory(TestDatabase.Kind kind) throws Exception {
        Path storage = tmp.resolve("storage");
        ImagingStore before = sink(kind, storage);
        assertThat(receive(before, object("1.2.7.1", "1.2.7.1.1", "1.2.7.1.1.1", "P1", "Иванова^Мария"))).isEqualTo(StoreResult.stored());
        receive(before, object("1.2.7.1", "1.2.7.1.1", "1.2.7.1.1.2", "P1", "Иванова^Мария"));
        receive(before, object("1.2.7.1", "1.2.7.1.2", "1.2.7.1.2.3", "P1", "Иванова^Мария"));
        receive(before, object("1.2.7.2", "1.2.7.2.1", "1.2.7.2.1.4", "P2", "Doe^John"));
        List<String> indexed = index(before);
        assertThat(indexed).filteredOn(row -> row.startsWith("sop_instance_uid=")).hasSize(4);

        // the same files, a record store that lost everything
        ImagingStore after = sink(kind, storage);
        assertThat(index(after)).filteredOn(row -> row.startsWith("sop_instance_uid=")).isEmpty();
        ImagingRecovery.Result result = ImagingRecovery.run(after, Optional.empty());

        assertThat(result).isEqualTo(new ImagingRecovery.Result(4, 4, 0, 0, 0));
        assertThat(index(after)).isEqualTo(indexed);
        // a second pass finds everything indexed
        assertThat(ImagingRecovery.run(after, Optional.empty())).isEqualTo(new ImagingRecovery.Result(4, 0, 0, 0, 0));
        assertThat(index(after)).isEqualTo(indexed);
    }

    @Test
    void onlyObjectsRenamedIntoTheLayoutSinceTheMarkAreChecked() throws Exception {
        Path storage = tmp.resolve("storage");
        ImagingStore before = sink(TestDatabase.Kind.H2, storage);
        receive(before, object("1.2.7.3", "1.2.7.3.1", "1.2.7.3.1.1", "P3", "Old^Study"));
        receive(before, object("1.2.7.3", "1.2.7.3.1", "1.2.7.3.1.2", "P3", "Old^Study"));
        // past the slack the recovery allows for the kernel's coarse clock
        Thread.sleep(2_500);
        Instant mark = Instant.now();
        receive(before, object("1.2.7.4", "1.2.7.4.1", "1.2.7.4.1.3", "P4", "New^Study"));
        receive(before, object("1.2.7.3", "1.2.7.3.1", "1.2.7.3.1.4", "P3", "Old^Study"));

        ImagingStore after = sink(TestDatabase.Kind.H2, storage);
        ImagingRecovery.Result result = ImagingRecovery.run(after, Optional.of(mark));

        assertThat(result).isEqualTo(new ImagingRecovery.Result(2, 2, 0, 0, 0));
        assertThat(index(after)).filteredOn(row -> row.startsWith("sop_instance_uid="))
                .extracting(row -> row.substring(0, row.indexOf(' ')))
                .containsExactly("sop_instance_uid=1.2.7.3.1.4", "sop_instance_uid=1.2.7.4.1.3");
    }

    @Test
    void fileThatIsNotDicomAndCopyOfAnIndexedInstanceAreLeftAsTheyAre() throws Exception {
        Path storage = tmp.resolve("storage");
        ImagingStore sink = sink(TestDatabase.Kind.H2, storage);
        receive(sink, object("1.2.7.5", "1.2.7.5.1", "1.2.7.5.1.1", "P5", "Roe^Rita"));
        Path stored = storage.resolve("1.2.7.5/1.2.7.5.1/1.2.7.5.1.1.dcm");
        Path copy = Files.createDirectories(storage.resolve("copies")).resolve("1.2.7.5.1.1.dcm");
        Files.copy(stored, copy);
        Path notes = storage.resolve("1.2.7.5/README.txt");
        Files.writeString(notes, "not an image", StandardCharsets.UTF_8);
        Files.createDirectories(storage.resolve(".incoming"));
        Files.writeString(storage.resolve(".incoming/c-store-1.dcm.part"), "partial", StandardCharsets.UTF_8);
        List<String> indexed = index(sink);

        ImagingRecovery.Result result = ImagingRecovery.run(sink, Optional.empty());

        assertThat(result).isEqualTo(new ImagingRecovery.Result(3, 0, 1, 1, 0));
        assertThat(index(sink)).isEqualTo(indexed);
        assertThat(Stream.of(stored, copy, notes)).allMatch(Files::exists);
    }

    @Test
    void markIsReadAsWrittenAndAnUnreadableOneMeansNone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("marks"));
        assertThat(IndexedMark.read(dir)).isEmpty();
        IndexedMark mark = new IndexedMark(Instant.parse("2026-12-01T10:15:30.123456789Z"), false);
        mark.write(dir);
        assertThat(IndexedMark.read(dir)).contains(mark);
        new IndexedMark(mark.until(), true).write(dir);
        assertThat(IndexedMark.read(dir)).contains(new IndexedMark(mark.until(), true));
        Files.writeString(dir.resolve(IndexedMark.FILE_NAME), "2026-13-01 clean\n", StandardCharsets.US_ASCII);
        assertThat(IndexedMark.read(dir)).isEmpty();
    }

    /** The index as rows of text, timestamps left out. */
    private List<String> index(ImagingStore sink) throws Exception {
        List<String> rows = new ArrayList<>();
        RecordStore store = stores.get(sink);
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            dump(s, "SELECT * FROM dicom_study ORDER BY study_uid", rows);
            dump(s, "SELECT * FROM dicom_series ORDER BY series_uid", rows);
            dump(s, "SELECT * FROM dicom_instance ORDER BY sop_instance_uid", rows);
            dump(s, "SELECT * FROM patient_identifier ORDER BY id_system, id_value", rows);
            dump(s, "SELECT COUNT(*) FROM patient", rows);
        }
        return rows;
    }

    private static void dump(Statement s, String sql, List<String> rows) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String column = md.getColumnLabel(i).toLowerCase();
                    if (!column.endsWith("_at")) {
                        row.append(column).append('=').append(rs.getString(i)).append(' ');
                    }
                }
                rows.add(row.toString());
            }
        }
    }

    private static Attributes object(String study, String series, String sop, String patientId, String name) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyDate, VR.DA, "20261201");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study);
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "CLINIC");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800215");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setInt(Tag.InstanceNumber, VR.IS, Integer.parseInt(sop.substring(sop.lastIndexOf('.') + 1)));
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32]);
        return ds;
    }
}
