package org.medbroker.engine.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.testsupport.TestDatabase;

/** The audit log on each database, run by a subclass; every test gets a fresh database. */
abstract class AuditLogContract {

    private static final Instant T0 = Instant.parse("2024-06-01T08:00:00.123Z");

    private TestDatabase database;
    private RecordStore recordStore;
    private AuditLog auditLog;

    abstract TestDatabase.Kind kind();

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind());
        recordStore = database.open();
        auditLog = new AuditLog(recordStore.dataSource());
    }

    @AfterEach
    void close() {
        if (recordStore != null) {
            recordStore.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void recordsEntriesAndListsTheNewestFirst() {
        AuditEntry search = new AuditEntry(T0, "mis", "search", "Observation", 2, "Observation/o1,Observation/o2",
                "Observation?patient=p1", "127.0.0.1", "200");
        AuditEntry refused = new AuditEntry(T0.plusSeconds(1), null, "request", null, 0, null, "Patient", "10.0.0.9", "401");

        auditLog.record(search);
        auditLog.record(refused);

        assertThat(auditLog.recent(10)).containsExactly(refused, search);
        assertThat(auditLog.recent(1)).containsExactly(refused);
    }

    @Test
    void cutsValuesLongerThanTheirColumns() {
        String longQuery = "Observation?code=" + "x".repeat(5000);
        String manyIds = "Observation/o,".repeat(200);

        auditLog.record(new AuditEntry(T0, "n".repeat(100), "search", "Observation", 200, manyIds, longQuery, "::1", "200"));

        AuditEntry stored = auditLog.recent(1).get(0);
        assertThat(stored.principal()).hasSize(64);
        assertThat(stored.query()).hasSize(2000).startsWith("Observation?code=xxx");
        assertThat(stored.resourceIds()).hasSize(1000);
        assertThat(stored.resourceCount()).isEqualTo(200);
    }

    @Test
    void commitsEachEntryEvenOnManualCommitConnections() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.settings().jdbcUrl());
        config.setUsername(database.settings().username());
        config.setPassword(database.settings().password());
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        try (HikariDataSource manualCommit = new HikariDataSource(config)) {
            new AuditLog(manualCommit).record(new AuditEntry(T0, "mis", "read", "Patient", 1, "Patient/p1", "Patient/p1", "127.0.0.1", "200"));
        }

        assertThat(auditLog.recent(5)).extracting(AuditEntry::action).containsExactly("read");
    }

    @Test
    void failsLoudlyWhenTheTrailCannotBeWritten() throws Exception {
        try (Connection connection = recordStore.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE audit_event");
        }

        assertThatThrownBy(() -> auditLog.record(new AuditEntry(T0, "mis", "read", "Patient", 1, "Patient/p1", "q", "a", "200")))
                .isInstanceOf(AuditException.class)
                .hasMessageStartingWith("MB-0520");
    }
}
