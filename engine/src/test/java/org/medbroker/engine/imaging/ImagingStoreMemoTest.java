package org.medbroker.engine.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
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
 * The per-study memo (on H2, and on PostgreSQL when {@value TestDatabase#PG_URL_ENV} names one) of {@link ImagingStore} changes how much is written, never what the index holds:
 * each scenario runs once with the memo and once without, on databases of their own, and the index
 * tables (and Patient resources) must come out the same.
 */
class ImagingStoreMemoTest {

    private static final String LAYOUT = "{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private int files;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One broker's record store with {@code listeners} DICOM listeners on it, each remembering {@code memo} studies. */
    private final class Broker {
        final RecordStore store;
        final List<ImagingStore> listeners = new ArrayList<>();
        final Path storage;

        Broker(TestDatabase.Kind kind, String name, int memo, int listenerCount) throws Exception {
            TestDatabase db = TestDatabase.create(kind);
            open.add(db);
            store = db.open();
            open.add(store);
            storage = Files.createDirectories(tmp.resolve(name));
            ImagingIndex index = new ImagingIndex();
            ResourceStore resources = new ResourceStore(store.dataSource(), FhirContext.forR4Cached());
            for (int i = 0; i < listenerCount; i++) {
                listeners.add(new ImagingStore("DICOM" + i, storage, new StorageLayout(LAYOUT), DuplicatePolicy.REPLACE, false,
                        store, index, new PatientRegistry(), resources, MappingOptions.defaults(),
                        new ImagingMetrics(new Metrics()), memo));
            }
        }

        StoreResult store(int listener, Attributes ds) throws Exception {
            Path file = tmp.resolve("in-" + files++ + ".dcm");
            Part10.write(file, Part10.fileMetaInformation(ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "CT1"), ds);
            long offset = Part10.encodeHeader(Part10.fileMetaInformation(ds.getString(Tag.SOPClassUID),
                    ds.getString(Tag.SOPInstanceUID), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "CT1")).length;
            return listeners.get(listener).store(new ReceivedObject(file, offset, Files.size(file) - offset,
                    ds.getString(Tag.SOPClassUID), ds.getString(Tag.SOPInstanceUID), UID.ExplicitVRLittleEndian, "CT1",
                    "MEDBROKER", "127.0.0.1", Part10.readDatasetUntilPixelData(file).dataset()));
        }

        /** The index as rows of text, timestamps left out, file paths relative to the storage directory. */
        List<String> index() throws Exception {
            List<String> rows = new ArrayList<>();
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                dump(s, "SELECT * FROM dicom_study ORDER BY study_uid", rows);
                dump(s, "SELECT * FROM dicom_series ORDER BY series_uid", rows);
                dump(s, "SELECT * FROM dicom_instance ORDER BY sop_instance_uid", rows);
                dump(s, "SELECT * FROM patient_identifier ORDER BY id_system, id_value", rows);
                dump(s, "SELECT COUNT(*) FROM patient", rows);
            }
            return rows;
        }

        private void dump(Statement s, String sql, List<String> rows) throws Exception {
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String column = md.getColumnLabel(i).toLowerCase();
                        if (column.endsWith("_at")) {
                            continue;
                        }
                        String value = rs.getString(i);
                        if (column.equals("file_path")) {
                            value = storage.relativize(Path.of(value)).toString();
                        }
                        row.append(column).append('=').append(value).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
        }
    }

    private static Attributes object(String study, String series, String sop, String patientId, String name, String birthDate) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyDate, VR.DA, "20261201");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-" + study.substring(study.length() - 1));
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, name);
        ds.setString(Tag.PatientID, VR.LO, patientId);
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "CLINIC");
        ds.setString(Tag.PatientBirthDate, VR.DA, birthDate);
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setInt(Tag.InstanceNumber, VR.IS, Integer.parseInt(sop.substring(sop.lastIndexOf('.') + 1)));
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32]);
        return ds;
    }

    private interface Scenario {
        void run(Broker broker) throws Exception;
    }

    /** Runs the scenario with the memo and without; both indexes must be the same. */
    private List<String> sameWithAndWithoutMemo(TestDatabase.Kind kind, int memo, int listeners, Scenario scenario)
            throws Exception {
        Broker with = new Broker(kind, "with", memo, listeners);
        Broker without = new Broker(kind, "without", 0, listeners);
        scenario.run(with);
        scenario.run(without);
        List<String> index = with.index();
        assertThat(index).isEqualTo(without.index());
        // the memo was used, or the comparison proves nothing
        assertThat(with.listeners.stream().mapToLong(ImagingStore::memoHits).sum()).isPositive();
        assertThat(without.listeners.stream().mapToLong(ImagingStore::memoHits).sum()).isZero();
        return index;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void laterObjectWithOtherPatientDataRewritesTheStudyAsWithoutTheMemo(TestDatabase.Kind kind) throws Exception {
        List<String> index = sameWithAndWithoutMemo(kind, ImagingStore.DEFAULT_MEMO_STUDIES, 1, b -> {
            b.store(0, object("1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.1", "P1", "Doe^Jane", "19800101"));
            b.store(0, object("1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.2", "P1", "Doe^Jane", "19800101"));
            // the same study, the name corrected at the modality: the study row follows
            b.store(0, object("1.2.9.1", "1.2.9.1.1", "1.2.9.1.1.3", "P1", "Doe^Janet", "19800101"));
            // and another patient id altogether: a new patient, the study relinked
            b.store(0, object("1.2.9.1", "1.2.9.1.2", "1.2.9.1.2.4", "P2", "Roe^Rita", "19700101"));
            b.store(0, object("1.2.9.1", "1.2.9.1.2", "1.2.9.1.2.5", "P2", "Roe^Rita", "19700101"));
        });
        assertThat(index.get(0)).contains("patient_id=P2").contains("patient_name=Roe^Rita");
        assertThat(index).filteredOn(row -> row.startsWith("sop_instance_uid=")).hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void studyWrittenMeanwhileByAnotherListenerIsNotTakenFromTheMemo(TestDatabase.Kind kind) throws Exception {
        List<String> index = sameWithAndWithoutMemo(kind, ImagingStore.DEFAULT_MEMO_STUDIES, 2, b -> {
            b.store(0, object("1.2.9.2", "1.2.9.2.1", "1.2.9.2.1.1", "P1", "Doe^Jane", "19800101"));
            b.store(1, object("1.2.9.2", "1.2.9.2.1", "1.2.9.2.1.2", "P1", "Doe^Jane", "19811111"));
            // listener 0 remembers the study with 1980-01-01: the row says otherwise now
            b.store(0, object("1.2.9.2", "1.2.9.2.1", "1.2.9.2.1.3", "P1", "Doe^Jane", "19800101"));
            // from here on listener 0's memo is right again
            b.store(0, object("1.2.9.2", "1.2.9.2.1", "1.2.9.2.1.4", "P1", "Doe^Jane", "19800101"));
        });
        assertThat(index.get(0)).contains("patient_birth_date=19800101");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void boundedMemoStaysCorrectAcrossInterleavedStudiesAndReplacedInstances(TestDatabase.Kind kind) throws Exception {
        sameWithAndWithoutMemo(kind, 2, 1, b -> {
            for (int i = 1; i <= 12; i++) {
                int study = i % 3;
                b.store(0, object("1.2.9.3" + study, "1.2.9.3" + study + ".1", "1.2.9.3" + study + ".1." + i, "P" + study,
                        "Pat^" + study, "19900101"));
            }
            // sent again: replaced
            b.store(0, object("1.2.9.31", "1.2.9.31.1", "1.2.9.31.1.1", "P1", "Pat^1", "19900101"));
            b.store(0, object("1.2.9.31", "1.2.9.31.1", "1.2.9.31.1.4", "P1", "Pat^1", "19900101"));
        });
    }
}
