package org.medbroker.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The message journal table: one row per received message, raw bytes included. */
public final class MessageRepository {

    /** A row to insert; {@code id} is the journal sequence number; {@code keys} go to {@code message_key} with it. */
    public record MessageRow(
            long id, String listener, String remoteAddress, Instant receivedAt, String protocol, String messageType,
            String controlId, String sendingApplication, String sendingFacility, String charset, String status,
            String ackCode, String errorCode, String errorText, Instant processedAt, byte[] raw, Set<MessageKey> keys) {

        public MessageRow {
            keys = Set.copyOf(keys);
        }

        /** Without lookup keys. */
        public MessageRow(long id, String listener, String remoteAddress, Instant receivedAt, String protocol, String messageType,
                String controlId, String sendingApplication, String sendingFacility, String charset, String status,
                String ackCode, String errorCode, String errorText, Instant processedAt, byte[] raw) {
            this(id, listener, remoteAddress, receivedAt, protocol, messageType, controlId, sendingApplication, sendingFacility,
                    charset, status, ackCode, errorCode, errorText, processedAt, raw, Set.of());
        }
    }

    public static final String RECEIVED = "received";
    public static final String PROCESSED = "processed";
    public static final String ERROR = "error";
    public static final String DUPLICATE = "duplicate";

    /** True when a message with this control id from this sender was already processed. */
    public boolean processedBefore(Connection connection, String application, String facility, String controlId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM message WHERE sending_application = ? AND sending_facility = ? AND control_id = ? AND status = ?")) {
            statement.setString(1, application);
            statement.setString(2, facility);
            statement.setString(3, controlId);
            statement.setString(4, PROCESSED);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Inserts the rows with one batched statement, and their lookup keys with another. */
    public void insertAll(Connection connection, java.util.List<MessageRow> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO message (id, listener, remote_address, received_at, protocol, message_type, control_id,"
                        + " sending_application, sending_facility, charset, status, ack_code, error_code, error_text,"
                        + " processed_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MessageRow row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
        Map<Long, Set<MessageKey>> keys = new LinkedHashMap<>();
        rows.forEach(row -> keys.put(row.id(), row.keys()));
        insertKeys(connection, keys);
    }

    /** Replaces a stored message's lookup keys (a message stored before they existed gets them on reprocess). */
    public void replaceKeys(Connection connection, long id, Set<MessageKey> keys) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM message_key WHERE message_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
        insertKeys(connection, Map.of(id, keys));
    }

    private static void insertKeys(Connection connection, Map<Long, Set<MessageKey>> keysById) throws SQLException {
        if (keysById.values().stream().allMatch(Set::isEmpty)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO message_key (message_id, key_type, key_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<Long, Set<MessageKey>> message : keysById.entrySet()) {
                for (MessageKey key : message.getValue()) {
                    statement.setLong(1, message.getKey());
                    statement.setString(2, key.kind().column());
                    statement.setString(3, key.value());
                    statement.addBatch();
                }
            }
            statement.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, MessageRow row) throws SQLException {
        statement.setLong(1, row.id());
        statement.setString(2, row.listener());
        statement.setString(3, row.remoteAddress());
        statement.setTimestamp(4, Timestamp.from(row.receivedAt()));
        statement.setString(5, row.protocol());
        statement.setString(6, truncate(row.messageType(), 32));
        statement.setString(7, truncate(row.controlId(), 199));
        statement.setString(8, truncate(row.sendingApplication(), 227));
        statement.setString(9, truncate(row.sendingFacility(), 227));
        statement.setString(10, row.charset());
        statement.setString(11, row.status());
        statement.setString(12, row.ackCode());
        statement.setString(13, row.errorCode());
        statement.setString(14, truncate(row.errorText(), 1000));
        statement.setTimestamp(15, row.processedAt() == null ? null : Timestamp.from(row.processedAt()));
        statement.setBytes(16, row.raw());
    }

    public long appliedSeq(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT applied_seq FROM journal_state WHERE id = 1");
                ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    public void setAppliedSeq(Connection connection, long seq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE journal_state SET applied_seq = ? WHERE id = 1 AND applied_seq < ?")) {
            statement.setLong(1, seq);
            statement.setLong(2, seq);
            statement.executeUpdate();
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
