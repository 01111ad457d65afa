package org.medbroker.engine.store.resource;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.testsupport.Fhir;
import org.medbroker.engine.testsupport.TestDatabase;

/**
 * Rows written in the V2 layout (the current version in both resource and resource_history, four
 * index tables) read the same after the migrations to the newest schema: every version through
 * vread and _history, the current one once, and every kind of index row through search.
 */
class ResourceSchemaMigrationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Instant T0 = Instant.parse("2024-06-01T08:00:00.123Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void versionsWrittenBeforeTheMigrationStayReadable(TestDatabase.Kind kind) throws SQLException {
        if (kind == TestDatabase.Kind.POSTGRESQL) {
            TestDatabase.postgresUrl();
        }
        try (TestDatabase database = TestDatabase.create(kind)) {
            Flyway.configure()
                    .dataSource(database.settings().jdbcUrl(), database.settings().username(), database.settings().password())
                    .locations("classpath:db/migration")
                    .target("42")
                    .load()
                    .migrate();
            Patient first = Fhir.patient("p1", "MRN-001", "Иванова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);
            Patient second = Fhir.patient("p1", "MRN-001", "Петрова", "Мария", "1980-05-17", AdministrativeGender.FEMALE);
            Resource observation = Fhir.observation("o1", "p1", "718-7", "HGB", "2024-03-05T10:00:00Z", ObservationStatus.FINAL, 131);
            try (Connection connection = connect(database)) {
                writeV2(connection, first, 1, T0, false);
                writeV2(connection, second, 2, T0.plusSeconds(5), true);
                writeV2(connection, observation, 1, T0.plusSeconds(5), true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO resource_token (res_type, res_id, param, token_system, token_value)"
                            + " VALUES ('Patient', 'p1', 'identifier', '" + Fhir.MRN_SYSTEM + "', 'MRN-001')");
                    statement.execute("INSERT INTO resource_ref (res_type, res_id, param, target_type, target_id)"
                            + " VALUES ('Observation', 'o1', 'subject', 'Patient', 'p1')");
                    statement.execute("INSERT INTO resource_string (res_type, res_id, param, norm_value)"
                            + " VALUES ('Patient', 'p1', 'family', 'петрова')");
                    statement.execute("INSERT INTO resource_date (res_type, res_id, param, range_low, range_high)"
                            + " VALUES ('Observation', 'o1', 'date', TIMESTAMP WITH TIME ZONE '2024-03-05 10:00:00+00',"
                            + " TIMESTAMP WITH TIME ZONE '2024-03-05 10:00:01+00')");
                }
            }

            RecordStore recordStore = database.open();
            try {
                ResourceStore store = new ResourceStore(recordStore.dataSource(), FHIR);
                assertThat(((Patient) store.vread("Patient", "p1", 1).orElseThrow()).getNameFirstRep().getFamily()).isEqualTo("Иванова");
                assertThat(((Patient) store.vread("Patient", "p1", 2).orElseThrow()).getNameFirstRep().getFamily()).isEqualTo("Петрова");
                assertThat(store.vread("Observation", "o1", 1)).isPresent();
                assertThat(store.historyCount(new HistoryQuery("Patient", null, null, Instant.now()))).isEqualTo(2);
                assertThat(store.history(new HistoryQuery("Patient", "p1", null, Instant.now()), 0, 10))
                        .extracting(r -> r.getIdElement().getVersionIdPart()).containsExactly("2", "1");
                assertThat(store.history(new HistoryQuery("Observation", null, null, Instant.now()), 0, 10)).hasSize(1);
                try (Connection connection = recordStore.dataSource().getConnection()) {
                    assertThat(count(connection, "SELECT COUNT(*) FROM resource_history")).isEqualTo(1);
                }
                assertThat(ids(store, new SearchQuery("Patient", List.of(new Criterion.Token("identifier",
                        List.of(new Criterion.TokenMatch(Fhir.MRN_SYSTEM, "MRN-001")))), SearchQuery.Order.OLDEST_FIRST))).containsExactly("p1");
                assertThat(ids(store, new SearchQuery("Observation", List.of(new Criterion.Reference("subject",
                        List.of(new Criterion.ReferenceMatch("Patient", "p1")))), SearchQuery.Order.OLDEST_FIRST))).containsExactly("o1");
                assertThat(ids(store, new SearchQuery("Patient", List.of(new Criterion.Text("family", List.of("петр"))),
                        SearchQuery.Order.OLDEST_FIRST))).containsExactly("p1");
                assertThat(ids(store, new SearchQuery("Observation", List.of(new Criterion.Date("date", List.of(
                        new Criterion.DateMatch(DateComparator.EQ, DateRange.of(new DateTimeType("2024-03-05")))))),
                        SearchQuery.Order.OLDEST_FIRST))).containsExactly("o1");
                assertThat(ids(store, new SearchQuery("Observation", List.of(new Criterion.Date("date", List.of(
                        new Criterion.DateMatch(DateComparator.GT, DateRange.of(new DateTimeType("2024-03-05")))))),
                        SearchQuery.Order.OLDEST_FIRST))).isEmpty();
                assertThat(store.referencedBy("Observation", "subject", List.of("o1")))
                        .extracting(r -> r.getIdElement().toUnqualified().getValue()).containsExactly("Patient/p1/_history/2");
            } finally {
                recordStore.close();
            }
        }
    }

    /** What the V2 store wrote for a version: the resource row (insert or update) and a history row. */
    private static void writeV2(Connection connection, Resource resource, long version, Instant at, boolean replaceCurrent)
            throws SQLException {
        ResourceJson.stamp(resource, version, at);
        String json = FHIR.newJsonParser().encodeResourceToString(resource);
        OffsetDateTime lastUpdated = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        String type = resource.fhirType();
        String id = resource.getIdElement().getIdPart();
        if (replaceCurrent) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM resource WHERE res_type = ? AND res_id = ?")) {
                delete.setString(1, type);
                delete.setString(2, id);
                delete.executeUpdate();
            }
        }
        for (String table : List.of("resource", "resource_history")) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                    + " (res_type, res_id, version_id, last_updated, json_text) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, type);
                insert.setString(2, id);
                insert.setLong(3, version);
                insert.setObject(4, lastUpdated);
                insert.setString(5, json);
                insert.executeUpdate();
            }
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.settings().jdbcUrl(), database.settings().username(), database.settings().password());
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> ids(ResourceStore store, SearchQuery query) {
        return store.search(query, PageRequest.ofOffset(0, 10)).stream().map(r -> r.getIdElement().getIdPart()).toList();
    }
}
