package org.medbroker.engine.store.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Replaces the index rows of resources with those of their newest versions, in the caller's
 * transaction: one batched delete and one batched insert into {@code resource_index} for the whole
 * list, so a batch of messages costs two round trips, not hundreds.
 */
final class IndexWriter {

    /** The index rows of one resource; {@code hadRows} when an older version left rows to delete. */
    record Item(String type, String id, IndexEntries entries, boolean hadRows) {}

    void replace(Connection connection, List<Item> items) throws SQLException {
        delete(connection, items);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO resource_index"
                + " (res_type, res_id, param, value_text, value_system, range_low, range_high) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Item item : items) {
                for (IndexEntries.Token token : item.entries().tokens()) {
                    bind(insert, item, token.param(), token.value(), token.system(), null);
                }
                for (IndexEntries.Ref ref : item.entries().references()) {
                    bind(insert, item, ref.param(), ref.targetId(), ref.targetType(), null);
                }
                for (IndexEntries.DateEntry date : item.entries().dates()) {
                    bind(insert, item, date.param(), null, null, date.range());
                }
                for (IndexEntries.Text text : item.entries().strings()) {
                    bind(insert, item, text.param(), text.normalized(), null, null);
                }
            }
            insert.executeBatch();
        }
    }

    private static void delete(Connection connection, List<Item> items) throws SQLException {
        if (items.stream().noneMatch(Item::hadRows)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM resource_index WHERE res_type = ? AND res_id = ?")) {
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

    private static void bind(PreparedStatement statement, Item item, String param, String text, String system, DateRange range)
            throws SQLException {
        statement.setString(1, item.type());
        statement.setString(2, item.id());
        statement.setString(3, param);
        statement.setString(4, text);
        statement.setString(5, system);
        if (range == null) {
            statement.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(7, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(6, Sql.timestamp(range.low()));
            statement.setObject(7, Sql.timestamp(range.high()));
        }
        statement.addBatch();
    }
}
