package org.medbroker.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** ASTM results waiting for a person: table {@code astm_unmatched_result}. */
public final class UnmatchedResultRepository {

    /** One result to review; reason {@code NO_ORDER} or {@code UNMAPPED_CODE}. */
    public record Unmatched(String observationId, String reason, String listener, long messageId, String specimenId,
            String testCode, Instant createdAt) {}

    /** The rows of these Observations become {@code rows}: a result that now matches leaves the list. */
    public void replace(Connection connection, Collection<String> observationIds, List<Unmatched> rows) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM astm_unmatched_result WHERE observation_id = ?")) {
            for (String id : observationIds) {
                delete.setString(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO astm_unmatched_result (observation_id, reason, listener, message_id, specimen_id, test_code, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Unmatched row : rows) {
                insert.setString(1, row.observationId());
                insert.setString(2, row.reason());
                insert.setString(3, row.listener());
                insert.setLong(4, row.messageId());
                insert.setString(5, row.specimenId());
                insert.setString(6, row.testCode());
                insert.setTimestamp(7, Timestamp.from(row.createdAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public long count(Connection connection, String reason) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM astm_unmatched_result WHERE reason = ?")) {
            select.setString(1, reason);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The oldest {@code limit} rows. */
    public List<Unmatched> list(Connection connection, int limit) throws SQLException {
        List<Unmatched> list = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT observation_id, reason, listener, message_id, specimen_id, test_code, created_at"
                        + " FROM astm_unmatched_result ORDER BY created_at, observation_id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    list.add(new Unmatched(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                            rows.getString(5), rows.getString(6), rows.getTimestamp(7).toInstant()));
                }
            }
        }
        return list;
    }
}
