package org.medbroker.engine.store.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code audit_event} table. Each {@link #record} commits on its own connection, so an audit
 * row survives whatever happens to the request after it; a failure is thrown, so the caller can
 * refuse to send data it could not audit. Values longer than their column are cut.
 */
public final class AuditLog {

    private static final int PRINCIPAL = 64;
    private static final int ACTION = 16;
    private static final int RESOURCE_TYPE = 64;
    private static final int RESOURCE_IDS = 1000;
    private static final int QUERY = 2000;
    private static final int REMOTE_ADDRESS = 128;
    private static final int OUTCOME = 16;

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Writes and commits one entry. */
    public void record(AuditEntry entry) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO audit_event (occurred_at, principal, action, res_type, res_count, res_ids, query_string,"
                            + " remote_address, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                statement.setObject(1, OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC));
                statement.setString(2, cut(entry.principal(), PRINCIPAL));
                statement.setString(3, cut(entry.action(), ACTION));
                statement.setString(4, cut(entry.resourceType(), RESOURCE_TYPE));
                statement.setInt(5, entry.resourceCount());
                statement.setString(6, cut(entry.resourceIds(), RESOURCE_IDS));
                statement.setString(7, cut(entry.query(), QUERY));
                statement.setString(8, cut(entry.remoteAddress(), REMOTE_ADDRESS));
                statement.setString(9, cut(entry.outcome(), OUTCOME));
                statement.executeUpdate();
            }
            if (!autoCommit) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new AuditException("MB-0520: writing the audit trail failed; check that the database is reachable", e);
        }
    }

    /** The newest entries first. */
    public List<AuditEntry> recent(int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT occurred_at, principal, action, res_type, res_count, res_ids, query_string, remote_address, outcome"
                             + " FROM audit_event ORDER BY id DESC LIMIT ?")) {
            statement.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Instant at = rows.getObject("occurred_at", OffsetDateTime.class).toInstant();
                    entries.add(new AuditEntry(at, rows.getString("principal"), rows.getString("action"),
                            rows.getString("res_type"), rows.getInt("res_count"), rows.getString("res_ids"),
                            rows.getString("query_string"), rows.getString("remote_address"), rows.getString("outcome")));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new AuditException("MB-0521: reading the audit trail failed; check that the database is reachable", e);
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
