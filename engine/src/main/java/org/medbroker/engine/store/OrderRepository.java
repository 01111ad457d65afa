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
