package org.medbroker.engine.outbound;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code study_event} table (migration V31). Callers own connections and transactions. */
final class StudyEvents {

    private static final String COLUMNS = "study_uid, imaging_study_id, resource_version, listeners, modalities, patient_ref,"
            + " patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex, accession_number, study_date,"
            + " study_time, study_description, series_count, instance_count, created_at";

    private StudyEvents() {}

    /** Inserts {@code event} (its id is ignored) and returns the id the table gave it. */
    static long insert(Connection connection, StudyEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO study_event (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            int i = 1;
            insert.setString(i++, event.studyInstanceUid());
            insert.setString(i++, event.imagingStudyId());
            insert.setString(i++, event.resourceVersion());
            insert.setString(i++, cut(String.join(",", event.listeners()), 1024));
            insert.setString(i++, cut(String.join(",", event.modalities()), 256));
            insert.setString(i++, event.patientRef());
            insert.setString(i++, event.patientId());
            insert.setString(i++, event.issuerOfPatientId());
            insert.setString(i++, event.patientName());
            insert.setString(i++, event.patientBirthDate());
            insert.setString(i++, event.patientSex());
            insert.setString(i++, event.accessionNumber());
            insert.setString(i++, event.studyDate());
            insert.setString(i++, event.studyTime());
            insert.setString(i++, event.studyDescription());
            insert.setInt(i++, event.series());
            insert.setInt(i++, event.instances());
            insert.setTimestamp(i, Timestamp.from(event.createdAt()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static Optional<StudyEvent> read(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM study_event WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StudyEvent(id, rs.getString(1), rs.getString(2), rs.getString(3), list(rs.getString(4)),
                        list(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                        rs.getString(15), rs.getInt(16), rs.getInt(17), rs.getTimestamp(18).toInstant()));
            }
        }
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
