package org.medbroker.engine.store.resource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Brings the index rows of resources to those of their newest versions, in the caller's
 * transaction, with one batched delete and one batched insert into {@code resource_index} for the
 * whole list. A new version whose rows equal its predecessor's (a corrected value, a new note)
 * leaves them alone: each row written or deleted is a change to three B-trees. Otherwise the rows
 * go by owner and come back whole; a delete of single rows would let H2 pick the value index and
 * walk every row sharing a common value such as status=final.
 */
final class IndexWriter {

    /** The index rows of one resource; {@code hadRows} when an older version left rows to compare with. */
    record Item(String type, String id, IndexEntries entries, boolean hadRows) {}

    /** One row of resource_index below its owner. */
    private record Row(String param, String text, String system, Instant low, Instant high) {}

    private static final int CHUNK = 500;
    private static final String COLUMNS = "param, value_text, value_system, range_low, range_high";

    void replace(Connection connection, List<Item> items) throws SQLException {
        Map<String, Set<Row>> stored = stored(connection, items);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM resource_index WHERE res_type = ? AND res_id = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO resource_index"
                        + " (res_type, res_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            boolean deletes = false;
            boolean inserts = false;
            for (Item item : items) {
                Set<Row> wanted = rows(item.entries());
                Set<Row> before = stored.getOrDefault(item.type() + "/" + item.id(), Set.of());
                if (before.equals(wanted)) {
                    continue;
                }
                if (!before.isEmpty()) {
                    delete.setString(1, item.type());
                    delete.setString(2, item.id());
                    delete.addBatch();
                    deletes = true;
                }
                for (Row row : wanted) {
                    bind(insert, item, row);
                    inserts = true;
                }
            }
            if (deletes) {
                delete.executeBatch();
            }
            if (inserts) {
                insert.executeBatch();
            }
        }
    }

    private static Set<Row> rows(IndexEntries entries) {
        Set<Row> rows = new LinkedHashSet<>();
        for (IndexEntries.Token token : entries.tokens()) {
            rows.add(new Row(token.param(), token.value(), token.system(), null, null));
        }
        for (IndexEntries.Ref ref : entries.references()) {
            rows.add(new Row(ref.param(), ref.targetId(), ref.targetType(), null, null));
        }
        for (IndexEntries.DateEntry date : entries.dates()) {
            rows.add(new Row(date.param(), null, null, date.range().low(), date.range().high()));
        }
        for (IndexEntries.Text text : entries.strings()) {
            rows.add(new Row(text.param(), text.normalized(), null, null, null));
        }
        return rows;
    }

    /** The rows stored for the items that had a version before, by "type/id"; a row-value IN list answered from the owner index. */
    private static Map<String, Set<Row>> stored(Connection connection, List<Item> items) throws SQLException {
        List<Item> owners = items.stream().filter(Item::hadRows).toList();
        Map<String, Set<Row>> found = new HashMap<>();
        for (int from = 0; from < owners.size(); from += CHUNK) {
            List<Item> chunk = owners.subList(from, Math.min(owners.size(), from + CHUNK));
            StringJoiner keys = new StringJoiner(", ", "(", ")");
            chunk.forEach(item -> keys.add("(?, ?)"));
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT res_type, res_id, " + COLUMNS + " FROM resource_index WHERE (res_type, res_id) IN " + keys)) {
                int index = 1;
                for (Item item : chunk) {
                    statement.setString(index++, item.type());
                    statement.setString(index++, item.id());
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        found.computeIfAbsent(result.getString("res_type") + "/" + result.getString("res_id"), k -> new LinkedHashSet<>())
                                .add(new Row(result.getString("param"), result.getString("value_text"), result.getString("value_system"),
                                        instantOrNull(result, "range_low"), instantOrNull(result, "range_high")));
                    }
                }
            }
        }
        return found;
    }

    private static Instant instantOrNull(ResultSet result, String column) throws SQLException {
        OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void bind(PreparedStatement statement, Item item, Row row) throws SQLException {
        statement.setString(1, item.type());
        statement.setString(2, item.id());
        statement.setString(3, row.param());
        statement.setString(4, row.text());
        statement.setString(5, row.system());
        setInstant(statement, 6, row.low());
        setInstant(statement, 7, row.high());
        statement.addBatch();
    }

    private static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, Sql.timestamp(value));
        }
    }
}
