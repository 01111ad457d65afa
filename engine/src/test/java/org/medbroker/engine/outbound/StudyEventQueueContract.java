package org.medbroker.engine.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.config.BrokerConfig.DestinationFilter;
import org.medbroker.engine.imaging.ImagingMetrics;
import org.medbroker.engine.imaging.StudyAvailableSink;
import org.medbroker.engine.imaging.StudyPublisher;
import org.medbroker.engine.ops.Metrics;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.engine.testsupport.TestDatabase;
import org.medbroker.mappings.dicom.DicomInstance;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * Study events enter the outbound queue in the transaction that publishes the ImagingStudy version:
 * once per version, only where a route and the filter (listeners, modalities) lead, and not at all
 * when that transaction fails. Run on each database by a subclass; each test gets a fresh one.
 */
abstract class StudyEventQueueContract {

    private static final String STUDY = "1.2.826.0.1.3680043.8.498.91.1";
    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    private TestDatabase database;
    private RecordStore store;
    private final ImagingIndex index = new ImagingIndex();
    private StudyEventEnqueuer enqueuer;

    abstract TestDatabase.Kind kind();

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind());
        store = database.open();
        Set<String> none = Set.of();
        enqueuer = new StudyEventEnqueuer(List.of(
                new DestinationMatcher("pacs", Set.of("imaging"), new DestinationFilter(none, none, none, none, none)),
                new DestinationMatcher("mis", Set.of("imaging", "lab"),
                        new DestinationFilter(Set.of("imaging"), none, none, none, Set.of("CT", "MR"))),
                new DestinationMatcher("mr-pacs", Set.of("imaging"), new DestinationFilter(none, none, none, none, Set.of("MR"))),
                new DestinationMatcher("lab-only", Set.of("lab"), new DestinationFilter(none, none, none, none, none))),
                new OutboundQueue());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void queuesOneEventPerPublishedVersionWhereRoutesAndFiltersLead() throws Exception {
        indexSlice(1);
        assertThat(publish(enqueuer)).isEqualTo(1);
        assertThat(queued()).containsExactly("mis MS1", "pacs MS1");
        assertThat(publish(enqueuer)).isZero();
        assertThat(count("SELECT COUNT(*) FROM study_event")).isEqualTo(1);

        indexSlice(2);
        assertThat(publish(enqueuer)).isEqualTo(1);
        assertThat(queued()).containsExactly("mis MS1", "mis MS2", "pacs MS1", "pacs MS2");
        assertThat(count("SELECT COUNT(*) FROM study_event WHERE study_uid = '" + STUDY + "' AND instance_count = 2"))
                .isEqualTo(1);

        try (Connection connection = store.dataSource().getConnection()) {
            List<OutboundQueue.Due> due = new OutboundQueue().due(connection, "pacs", false, Instant.now(), 10);
            assertThat(due).hasSize(2);
            StudyEvent second = due.get(1).event();
            assertThat(due.get(1).messageId()).isEqualTo(StudyEvent.ID_BASE + 2);
            assertThat(second.studyInstanceUid()).isEqualTo(STUDY);
            assertThat(second.listeners()).containsExactly("imaging");
            assertThat(second.modalities()).containsExactly("CT");
            assertThat(second.accessionNumber()).isEqualTo("ACC-91");
            assertThat(second.patientId()).isEqualTo("MRN-91");
            assertThat(second.instances()).isEqualTo(2);
            assertThat(second.resourceVersion()).isEqualTo("2");
        }
    }

    @Test
    void aFailedPublishingTransactionQueuesNothingAndTheStudyIsPublishedOnceLater() throws Exception {
        indexSlice(1);
        StudyAvailableSink crashing = (connection, event, study) -> {
            enqueuer.published(connection, event, study);
            throw new SQLException("the store went away before the commit");
        };
        assertThatThrownBy(() -> publish(crashing)).isInstanceOf(SQLException.class);
        assertThat(count("SELECT COUNT(*) FROM study_event")).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_queue")).isZero();
        assertThat(count("SELECT COUNT(*) FROM resource WHERE res_type = 'ImagingStudy'")).isZero();

        assertThat(publish(enqueuer)).isEqualTo(1);
        assertThat(publish(enqueuer)).isZero();
        assertThat(count("SELECT COUNT(*) FROM study_event")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbound_queue q JOIN study_event e ON e.id = q.message_id"
                + " WHERE q.destination IN ('mis', 'pacs')")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM outbound_queue")).isEqualTo(2);
    }

    @Test
    void aStudyNoDestinationTakesLeavesNoEvent() throws Exception {
        StudyEventEnqueuer labOnly = new StudyEventEnqueuer(List.of(new DestinationMatcher("lab-only", Set.of("lab"),
                new DestinationFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of()))), new OutboundQueue());
        indexSlice(1);
        assertThat(publish(labOnly)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM study_event")).isZero();
        assertThat(count("SELECT COUNT(*) FROM outbound_queue")).isZero();
    }

    private int publish(StudyAvailableSink sink) throws SQLException {
        StudyPublisher publisher = new StudyPublisher(store, index, new ResourceStore(store.dataSource(),
                FhirContext.forR4Cached()), MappingOptions.defaults(), Duration.ofSeconds(2), new ImagingMetrics(new Metrics()),
                sink);
        return publisher.publishStale(Instant.now().plusSeconds(1));
    }

    private void indexSlice(int number) throws SQLException {
        DicomPatient patient = new DicomPatient("MRN-91", "CLINIC", null, null, "Ivanov^Ivan", "19800215", "M");
        DicomSeries series = new DicomSeries(STUDY + ".1", "CT", 1, "axial", "CHEST", "20261130", "093000",
                List.of(new DicomInstance(STUDY + ".1." + number, "1.2.840.10008.5.1.4.1.1.2", number, 1)));
        DicomStudy study = new DicomStudy(STUDY, "ACC-91", null, "1", "20261130", "093000", "CT chest", null, patient,
                List.of(series));
        try (Connection connection = store.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            index.index(connection, new ImagingIndex.StoredInstance(study, "patient-91", null, "1.2.840.10008.1.2.1",
                    "/nonexistent/" + number + ".dcm", 1000, "imaging", "CT01"), LONG_AGO.plusSeconds(number));
            connection.commit();
        }
    }

    /** "destination MS<n>" for every queue row, sorted. */
    private List<String> queued() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT destination, control_id FROM outbound_queue ORDER BY destination, message_id");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2).substring(0, rs.getString(2).indexOf('.')));
            }
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
