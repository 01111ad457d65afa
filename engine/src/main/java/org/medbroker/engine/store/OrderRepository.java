package org.medbroker.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Orders by number and specimen barcode, with their tests: what an analyzer's host query asks for. */
public final class OrderRepository {

    public record OrderTest(String codeSystem, String code, String display) {}

    public record Order(String id, String placerNumber, String fillerNumber, String specimenId, String patientId,
            String status, long messageId, List<OrderTest> tests) {}

    /** The most recently updated order whose specimen barcode is {@code specimenId}, with its tests. */
    public java.util.Optional<Order> findBySpecimenId(Connection connection, String specimenId) throws SQLException {
        List<Order> found = findBySpecimenIds(connection, specimenId, specimenId, 1);
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    /**
     * Orders whose specimen barcode lies in {@code [from, to]} (text order), at most {@code limit}, by
     * barcode and the most recently updated first.
     */
    public List<Order> findBySpecimenIds(Connection connection, String from, String to, int limit) throws SQLException {
        List<Order> orders = new java.util.ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, placer_number, filler_number, specimen_id, patient_id, status, message_id FROM lab_order"
                        + " WHERE specimen_id >= ? AND specimen_id <= ? ORDER BY specimen_id, updated_at DESC, id LIMIT ?")) {
            select.setString(1, from);
            select.setString(2, to);
            select.setInt(3, limit);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    orders.add(new Order(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getLong(7), List.of()));
                }
            }
        }
        List<Order> withTests = new java.util.ArrayList<>(orders.size());
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT code_system, code, display FROM lab_order_test WHERE order_id = ? ORDER BY code_system, code")) {
            for (Order order : orders) {
                List<OrderTest> tests = new java.util.ArrayList<>();
                select.setString(1, order.id());
                try (java.sql.ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tests.add(new OrderTest(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                }
                withTests.add(new Order(order.id(), order.placerNumber(), order.fillerNumber(), order.specimenId(),
                        order.patientId(), order.status(), order.messageId(), List.copyOf(tests)));
            }
        }
        return withTests;
    }

    /** Specimen ids of the orders written by journal entries after {@code afterMessageId}, oldest first, at most {@code limit}. */
    public List<String> specimenIdsAfter(Connection connection, long afterMessageId, int limit) throws SQLException {
        List<String> ids = new java.util.ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT specimen_id, MIN(message_id) AS first_seen FROM lab_order WHERE message_id > ? AND specimen_id IS NOT NULL"
                        + " GROUP BY specimen_id ORDER BY first_seen LIMIT ?")) {
            select.setLong(1, afterMessageId);
            select.setInt(2, limit);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** The highest journal entry that wrote an order, 0 when none. */
    public long lastMessageId(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(message_id), 0) FROM lab_order");
                java.sql.ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public void upsert(Connection connection, Order order, Instant now) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lab_order WHERE id = ?")) {
            delete.setString(1, order.id());
            delete.executeUpdate();
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM lab_order_test WHERE order_id = ?")) {
            delete.setString(1, order.id());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lab_order (id, placer_number, filler_number, specimen_id, patient_id, status, message_id, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, order.id());
            insert.setString(2, order.placerNumber());
            insert.setString(3, order.fillerNumber());
            insert.setString(4, order.specimenId());
            insert.setString(5, order.patientId());
            insert.setString(6, order.status());
            insert.setLong(7, order.messageId());
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO lab_order_test (order_id, code_system, code, display) VALUES (?, ?, ?, ?)")) {
            for (OrderTest test : order.tests().stream().distinct().toList()) {
                insert.setString(1, order.id());
                insert.setString(2, test.codeSystem());
                insert.setString(3, test.code());
                insert.setString(4, test.display());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
