package org.medbroker.engine.store.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Replaces the index rows of resources with those of their newest versions, in the caller's
 * transaction: one batched statement per table for the whole list, so a batch of messages costs a
 * handful of round trips, not hundreds.
 */
final class IndexWriter {

    /** The index rows of one resource; {@code hadRows} when an older version left rows to delete. */
    record Item(String type, String id, IndexEntries entries, boolean hadRows) {}

    private static final String[] TABLES = {"resource_token", "resource_ref", "resource_date", "resource_string"};

    void replace(Connection connection, List<Item> items) throws SQLException {
        delete(connection, items);
        try (PreparedStatement tokens = connection.prepareStatement(
                        "INSERT INTO resource_token (res_type, res_id, param, token_system, token_value) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement refs = connection.prepareStatement(
                        "INSERT INTO resource_ref (res_type, res_id, param, target_type, target_id) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement dates = connection.prepareStatement(
                        "INSERT INTO resource_date (res_type, res_id, param, range_low, range_high) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement strings = connection.prepareStatement(
                        "INSERT INTO resource_string (res_type, res_id, param, norm_value) VALUES (?, ?, ?, ?)")) {
            for (Item item : items) {
                for (IndexEntries.Token token : item.entries().tokens()) {
                    bind(tokens, item, token.param(), token.system(), token.value());
                }
                for (IndexEntries.Ref ref : item.entries().references()) {
                    bind(refs, item, ref.param(), ref.targetType(), ref.targetId());
                }
                for (IndexEntries.DateEntry date : item.entries().dates()) {
                    bind(dates, item, date.param(), Sql.timestamp(date.range().low()), Sql.timestamp(date.range().high()));
                }
                for (IndexEntries.Text text : item.entries().strings()) {
                    bind(strings, item, text.param(), text.normalized());
                }
            }
            tokens.executeBatch();
            refs.executeBatch();
            dates.executeBatch();
            strings.executeBatch();
        }
    }

    private static void delete(Connection connection, List<Item> items) throws SQLException {
        if (items.stream().noneMatch(Item::hadRows)) {
            return;
        }
        for (String table : TABLES) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE res_type = ? AND res_id = ?")) {
                for (Item item : items) {
                    if (item.hadRows()) {
                        statement.setString(1, item.type());
                        statement.setString(2, item.id());
                        statement.addBatch();
                    }
                }
                statement.executeBatch();
            }
        }
    }

    private static void bind(PreparedStatement statement, Item item, String param, Object... values) throws SQLException {
        statement.setString(1, item.type());
        statement.setString(2, item.id());
        statement.setString(3, param);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(4 + i, values[i]);
        }
        statement.addBatch();
    }
}
