package org.medbroker.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patient identity: which FHIR Patient id an identifier (clinic MRN, SNILS, IIN, analyzer or
 * modality id) belongs to. A patient known under any of a message's identifiers keeps its id, and
 * every identifier seen is remembered for it.
 */
public final class PatientRegistry {

    private static final Logger log = LoggerFactory.getLogger(PatientRegistry.class);

    /** One identifier of a patient. */
    public record PatientIdentifier(String system, String value, String typeCode) {}

    /**
     * The id under which the patient with these identifiers is kept: an existing patient's (after
     * merges), else {@code proposedId}, which is then registered. All identifiers end up linked.
     */
    public String resolve(Connection connection, String proposedId, List<PatientIdentifier> identifiers, Instant now)
            throws SQLException {
        Set<String> known = new LinkedHashSet<>();
        List<PatientIdentifier> unknown = new ArrayList<>();
        for (PatientIdentifier identifier : identifiers) {
            String owner = ownerOf(connection, identifier);
            if (owner != null) {
                known.add(survivor(connection, owner));
            } else if (unknown.stream().noneMatch(u -> u.system().equals(identifier.system()) && u.value().equals(identifier.value()))) {
                unknown.add(identifier);
            }
        }
        String id = known.isEmpty() ? proposedId : known.iterator().next();
        if (known.size() > 1) {
            log.warn("MB-0401: identifiers of one message belong to {} different patients ({}); kept under {}; review and merge",
                    known.size(), known, id);
        }
        upsertPatient(connection, id, now);
        if (!unknown.isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO patient_identifier (id_system, id_value, patient_id, type_code) VALUES (?, ?, ?, ?)")) {
                for (PatientIdentifier identifier : unknown) {
                    insert.setString(1, identifier.system());
                    insert.setString(2, identifier.value());
                    insert.setString(3, id);
                    insert.setString(4, identifier.typeCode());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return id;
    }

    /** The patient (after merges) any of these identifiers already belongs to, registering nothing. */
    public java.util.Optional<String> find(Connection connection, List<PatientIdentifier> identifiers) throws SQLException {
        for (PatientIdentifier identifier : identifiers) {
            String owner = ownerOf(connection, identifier);
            if (owner != null) {
                return java.util.Optional.of(survivor(connection, owner));
            }
        }
        return java.util.Optional.empty();
    }

    /** Every identifier registered for the patient. */
    public List<PatientIdentifier> identifiersOf(Connection connection, String patientId) throws SQLException {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id_system, id_value, type_code FROM patient_identifier WHERE patient_id = ? ORDER BY id_system, id_value")) {
            select.setString(1, patientId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    identifiers.add(new PatientIdentifier(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return identifiers;
    }

    /** Merges {@code mergedId} into {@code survivorId}: its identifiers now resolve to the survivor. */
    public void merge(Connection connection, String mergedId, String survivorId, Instant now) throws SQLException {
        if (mergedId.equals(survivorId)) {
            return;
        }
        upsertPatient(connection, mergedId, now);
        try (PreparedStatement update = connection.prepareStatement("UPDATE patient SET merged_into = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, survivorId);
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, mergedId);
            update.executeUpdate();
        }
        try (PreparedStatement move = connection.prepareStatement("UPDATE patient_identifier SET patient_id = ? WHERE patient_id = ?")) {
            move.setString(1, survivorId);
            move.setString(2, mergedId);
            move.executeUpdate();
        }
    }

    private String ownerOf(Connection connection, PatientIdentifier identifier) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT patient_id FROM patient_identifier WHERE id_system = ? AND id_value = ?")) {
            select.setString(1, identifier.system());
            select.setString(2, identifier.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private String survivor(Connection connection, String id) throws SQLException {
        String current = id;
        for (int hops = 0; hops < 16; hops++) {
            try (PreparedStatement select = connection.prepareStatement("SELECT merged_into FROM patient WHERE id = ?")) {
                select.setString(1, current);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || rows.getString(1) == null) {
                        return current;
                    }
                    current = rows.getString(1);
                }
            }
        }
        return current;
    }

    private void upsertPatient(Connection connection, String id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE patient SET updated_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, id);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO patient (id, merged_into, created_at, updated_at) VALUES (?, NULL, ?, ?)")) {
            insert.setString(1, id);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.executeUpdate();
        }
    }
}
