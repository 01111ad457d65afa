package org.medbroker.engine.store.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Replaces the index rows of one resource with those of its newest version, in the caller's transaction. */
final class IndexWriter {

    private static final String[] TABLES = {"resource_token", "resource_ref", "resource_date", "resource_string"};

    void replace(Connection connection, String type, String id, IndexEntries entries, boolean hadRows) throws SQLException {
        if (hadRows) {
            delete(connection, type, id);
        }
        insertTokens(connection, type, id, entries);
        insertReferences(connection, type, id, entries);
        insertDates(connection, type, id, entries);
        insertStrings(connection, type, id, entries);
    }

    private static void delete(Connection connection, String type, String id) throws SQLException {
        for (String table : TABLES) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE res_type = ? AND res_id = ?")) {
                statement.setString(1, type);
                statement.setString(2, id);
                statement.executeUpdate();
            }
        }
    }

    private static void insertTokens(Connection connection, String type, String id, IndexEntries entries) throws SQLException {
        if (entries.tokens().isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO resource_token (res_type, res_id, param, token_system, token_value) VALUES (?, ?, ?, ?, ?)")) {
            for (IndexEntries.Token token : entries.tokens()) {
                statement.setString(1, type);
                statement.setString(2, id);
                statement.setString(3, token.param());
                statement.setString(4, token.system());
                statement.setString(5, token.value());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void insertReferences(Connection connection, String type, String id, IndexEntries entries) throws SQLException {
        if (entries.references().isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO resource_ref (res_type, res_id, param, target_type, target_id) VALUES (?, ?, ?, ?, ?)")) {
            for (IndexEntries.Ref ref : entries.references()) {
                statement.setString(1, type);
                statement.setString(2, id);
                statement.setString(3, ref.param());
                statement.setString(4, ref.targetType());
                statement.setString(5, ref.targetId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void insertDates(Connection connection, String type, String id, IndexEntries entries) throws SQLException {
        if (entries.dates().isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO resource_date (res_type, res_id, param, range_low, range_high) VALUES (?, ?, ?, ?, ?)")) {
            for (IndexEntries.DateEntry date : entries.dates()) {
                statement.setString(1, type);
                statement.setString(2, id);
                statement.setString(3, date.param());
                statement.setObject(4, Sql.timestamp(date.range().low()));
                statement.setObject(5, Sql.timestamp(date.range().high()));
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void insertStrings(Connection connection, String type, String id, IndexEntries entries) throws SQLException {
        if (entries.strings().isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO resource_string (res_type, res_id, param, norm_value) VALUES (?, ?, ?, ?)")) {
            for (IndexEntries.Text text : entries.strings()) {
                statement.setString(1, type);
                statement.setString(2, id);
                statement.setString(3, text.param());
                statement.setString(4, text.normalized());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
