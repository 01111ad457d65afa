package org.medbroker.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medbroker.mappings.dicom.DicomInstance;
import org.medbroker.mappings.dicom.DicomPatient;
import org.medbroker.mappings.dicom.DicomSeries;
import org.medbroker.mappings.dicom.DicomStudy;

/**
 * The DICOM index: studies, series and instances as stored, with the FHIR Patient each study belongs
 * to. A study is marked stale whenever an instance arrives, until its ImagingStudy is written again.
 */
public final class ImagingIndex {

    /** One instance to index, with where its file is. */
    public record StoredInstance(DicomStudy study, String patientRef, String demographicsConflict, String transferSyntax,
            String filePath, long fileSize, String listener, String callingAe) {

        DicomSeries series() {
            return study.series().get(0);
        }

        DicomInstance instance() {
            return series().instances().get(0);
        }
    }

    /** A study as the index holds it, ready to map. */
    public record IndexedStudy(DicomStudy study, String patientRef, Instant updatedAt) {}

    /** The patient a study is already linked to, with the demographics it was linked by. */
    public record StudyPatient(String patientRef, DicomPatient patient) {}

    /** One stored instance's file, for sending it on. */
    public record StoredFile(String filePath, String sopClassUid, String sopInstanceUid, String transferSyntax) {}

    /** Every instance of the study as stored, by series, instance number and SOP Instance UID. */
    public List<StoredFile> studyFiles(Connection connection, String studyUid) throws SQLException {
        return byStudy(connection, "SELECT file_path, sop_class_uid, sop_instance_uid, transfer_syntax FROM dicom_instance"
                + " WHERE study_uid = ? ORDER BY series_uid, instance_number, sop_instance_uid", studyUid,
                rows -> new StoredFile(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
    }

    public Optional<StudyPatient> studyPatient(Connection connection, String studyUid) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT patient_ref, patient_id, issuer_of_patient_id,"
                + " patient_name, patient_birth_date, patient_sex FROM dicom_study WHERE study_uid = ?")) {
            select.setString(1, studyUid);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StudyPatient(rs.getString(1), new DicomPatient(rs.getString(2), rs.getString(3), null,
                        null, rs.getString(4), rs.getString(5), rs.getString(6))));
            }
        }
    }

    /** A stored file by SOP Instance UID. */
    public Optional<String> filePathOf(Connection connection, String sopInstanceUid) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT file_path FROM dicom_instance WHERE sop_instance_uid = ?")) {
            select.setString(1, sopInstanceUid);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void index(Connection connection, StoredInstance stored, Instant now) throws SQLException {
        DicomStudy study = stored.study();
        int updated;
        try (PreparedStatement update = connection.prepareStatement("UPDATE dicom_study SET patient_ref = ?, patient_id = ?,"
                + " issuer_of_patient_id = ?, patient_name = ?, patient_birth_date = ?, patient_sex = ?, study_date = ?,"
                + " study_time = ?, accession_number = ?, accession_issuer = ?, study_id = ?, study_description = ?,"
                + " referring_physician = ?, demographics_conflict = COALESCE(?, demographics_conflict), fhir_stale = TRUE,"
                + " updated_at = ? WHERE study_uid = ?")) {
            int i = studyColumns(update, stored);
            update.setTimestamp(i++, Timestamp.from(now));
            update.setString(i, study.studyInstanceUid());
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dicom_study (patient_ref, patient_id,"
                    + " issuer_of_patient_id, patient_name, patient_birth_date, patient_sex, study_date, study_time,"
                    + " accession_number, accession_issuer, study_id, study_description, referring_physician,"
                    + " demographics_conflict, fhir_stale, created_at, updated_at, study_uid)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)")) {
                int i = studyColumns(insert, stored);
                insert.setTimestamp(i++, Timestamp.from(now));
                insert.setTimestamp(i++, Timestamp.from(now));
                insert.setString(i, study.studyInstanceUid());
                insert.executeUpdate();
            }
        }
        upsertSeries(connection, study.studyInstanceUid(), stored.series(), now);
        upsertInstance(connection, stored, now);
    }

    /**
     * Marks the study stale and stamps it {@code now}, only if its row still carries {@code stamped}
     * and {@code patientRef}: proof that nobody wrote the study or its series since that stamp.
     * Returns whether it did.
     */
    public boolean touchStudy(Connection connection, String studyUid, String patientRef, Instant stamped, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE dicom_study SET fhir_stale = TRUE,"
                + " updated_at = ? WHERE study_uid = ? AND patient_ref = ? AND updated_at = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, studyUid);
            update.setString(3, patientRef);
            update.setTimestamp(4, Timestamp.from(stamped));
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Indexes an instance of a study {@link #touchStudy} just found as it was left, without writing the
     * study row again: the series row too unless {@code seriesUnchanged}; {@code replacing} when an
     * instance row with its SOP Instance UID exists.
     */
    public void indexInstance(Connection connection, StoredInstance stored, boolean seriesUnchanged, boolean replacing,
            Instant now) throws SQLException {
        if (!seriesUnchanged) {
            upsertSeries(connection, stored.study().studyInstanceUid(), stored.series(), now);
        }
        if (replacing) {
            deleteInstance(connection, stored.instance().sopInstanceUid());
        }
        insertInstance(connection, stored, now);
    }

    private static int studyColumns(PreparedStatement s, StoredInstance stored) throws SQLException {
        DicomStudy study = stored.study();
        DicomPatient patient = study.patient();
        int i = 1;
        s.setString(i++, stored.patientRef());
        s.setString(i++, patient.patientId());
        s.setString(i++, patient.issuer());
        s.setString(i++, patient.name());
        s.setString(i++, patient.birthDate());
        s.setString(i++, patient.sex());
        s.setString(i++, study.studyDate());
        s.setString(i++, study.studyTime());
        s.setString(i++, study.accessionNumber());
        s.setString(i++, study.accessionIssuer());
        s.setString(i++, study.studyId());
        s.setString(i++, study.description());
        s.setString(i++, study.referringPhysician());
        s.setString(i++, stored.demographicsConflict());
        return i;
    }

    private static void upsertSeries(Connection connection, String studyUid, DicomSeries series, Instant now)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM dicom_series WHERE series_uid = ?")) {
            delete.setString(1, series.seriesInstanceUid());
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dicom_series (series_uid, study_uid, modality,"
                + " series_number, series_description, body_part, series_date, series_time, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, series.seriesInstanceUid());
            insert.setString(2, studyUid);
            insert.setString(3, series.modality());
            setInteger(insert, 4, series.seriesNumber());
            insert.setString(5, series.description());
            insert.setString(6, series.bodyPartExamined());
            insert.setString(7, series.seriesDate());
            insert.setString(8, series.seriesTime());
            insert.setTimestamp(9, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    private static void upsertInstance(Connection connection, StoredInstance stored, Instant now) throws SQLException {
        deleteInstance(connection, stored.instance().sopInstanceUid());
        insertInstance(connection, stored, now);
    }

    private static void deleteInstance(Connection connection, String sopInstanceUid) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM dicom_instance WHERE sop_instance_uid = ?")) {
            delete.setString(1, sopInstanceUid);
            delete.executeUpdate();
        }
    }

    private static void insertInstance(Connection connection, StoredInstance stored, Instant now) throws SQLException {
        DicomInstance instance = stored.instance();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dicom_instance (sop_instance_uid, series_uid,"
                + " study_uid, sop_class_uid, instance_number, frames, transfer_syntax, file_path, file_size, listener,"
                + " calling_ae, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, instance.sopInstanceUid());
            insert.setString(2, stored.series().seriesInstanceUid());
            insert.setString(3, stored.study().studyInstanceUid());
            insert.setString(4, instance.sopClassUid());
            setInteger(insert, 5, instance.instanceNumber());
            setInteger(insert, 6, instance.frames());
            insert.setString(7, stored.transferSyntax());
            insert.setString(8, stored.filePath());
            insert.setLong(9, stored.fileSize());
            insert.setString(10, stored.listener());
            insert.setString(11, stored.callingAe());
            insert.setTimestamp(12, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /** Studies whose ImagingStudy is older than their last instance, untouched since {@code quietSince}. */
    public List<String> staleStudies(Connection connection, Instant quietSince, int limit) throws SQLException {
        List<String> uids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT study_uid FROM dicom_study WHERE fhir_stale = TRUE AND updated_at <= ? ORDER BY updated_at LIMIT ?")) {
            select.setTimestamp(1, Timestamp.from(quietSince));
            select.setInt(2, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    uids.add(rs.getString(1));
                }
            }
        }
        return uids;
    }

    /** Clears the stale mark unless another instance arrived after {@code seen}. */
    public void markPublished(Connection connection, String studyUid, Instant seen) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dicom_study SET fhir_stale = FALSE WHERE study_uid = ? AND updated_at <= ?")) {
            update.setString(1, studyUid);
            update.setTimestamp(2, Timestamp.from(seen));
            update.executeUpdate();
        }
    }

    public Optional<IndexedStudy> study(Connection connection, String studyUid) throws SQLException {
        DicomStudy study;
        String patientRef;
        Instant updatedAt;
        try (PreparedStatement select = connection.prepareStatement("SELECT patient_ref, patient_id, issuer_of_patient_id,"
                + " patient_name, patient_birth_date, patient_sex, study_date, study_time, accession_number,"
                + " accession_issuer, study_id, study_description, referring_physician, updated_at"
                + " FROM dicom_study WHERE study_uid = ?")) {
            select.setString(1, studyUid);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                patientRef = rs.getString(1);
                DicomPatient patient = new DicomPatient(rs.getString(2), rs.getString(3), null, null, rs.getString(4),
                        rs.getString(5), rs.getString(6));
                study = new DicomStudy(studyUid, rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(7),
                        rs.getString(8), rs.getString(12), rs.getString(13), patient, List.of());
                updatedAt = rs.getTimestamp(14).toInstant();
            }
        }
        Map<String, List<DicomInstance>> instances = new LinkedHashMap<>();
        for (Map.Entry<String, DicomInstance> instance : byStudy(connection, "SELECT series_uid, sop_instance_uid,"
                + " sop_class_uid, instance_number, frames FROM dicom_instance WHERE study_uid = ?"
                + " ORDER BY series_uid, instance_number, sop_instance_uid", studyUid,
                rs -> Map.entry(rs.getString(1), new DicomInstance(rs.getString(2), rs.getString(3), integer(rs, 4),
                        integer(rs, 5))))) {
            instances.computeIfAbsent(instance.getKey(), k -> new ArrayList<>()).add(instance.getValue());
        }
        List<DicomSeries> series = byStudy(connection, "SELECT series_uid, modality, series_number, series_description,"
                + " body_part, series_date, series_time FROM dicom_series WHERE study_uid = ? ORDER BY series_number, series_uid",
                studyUid, rs -> new DicomSeries(rs.getString(1), rs.getString(2), integer(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instances.getOrDefault(rs.getString(1), List.of())));
        return Optional.of(new IndexedStudy(new DicomStudy(study.studyInstanceUid(), study.accessionNumber(),
                study.accessionIssuer(), study.studyId(), study.studyDate(), study.studyTime(), study.description(),
                study.referringPhysician(), study.patient(), series), patientRef, updatedAt));
    }

    /** Reads one row of a result set. */
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of a query whose one parameter is a Study Instance UID, each as {@code reader} reads it. */
    private static <T> List<T> byStudy(Connection connection, String sql, String studyUid, RowReader<T> reader)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, studyUid);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
        }
        return rows;
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }
}
