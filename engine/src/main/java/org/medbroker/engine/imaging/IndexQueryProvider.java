package org.medbroker.engine.imaging;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.medbroker.connectors.dicom.data.Attributes;
import org.medbroker.connectors.dicom.data.Tag;
import org.medbroker.connectors.dicom.data.VR;
import org.medbroker.connectors.dicom.service.Matching;
import org.medbroker.connectors.dicom.service.QueryCharsets;
import org.medbroker.connectors.dicom.service.QueryProvider;
import org.medbroker.connectors.dicom.service.QueryRequest;
import org.medbroker.engine.store.RecordStore;

/**
 * C-FIND over the DICOM index. SQL narrows the candidates by the unique keys a query names (patient
 * id, study, series UIDs); the standard's matching ({@link Matching}: wildcards, ranges, UID lists,
 * person names) then decides on each candidate, so every level answers exactly as the reference
 * matcher does. Entities are built in UTF-8 (ISO_IR 192); answers go back in the query's character
 * set when it holds them.
 */
public final class IndexQueryProvider implements QueryProvider {

    private static final int NUMBER_OF_PATIENT_RELATED_STUDIES = 0x00201200;
    private static final int NUMBER_OF_PATIENT_RELATED_SERIES = 0x00201202;
    private static final int NUMBER_OF_PATIENT_RELATED_INSTANCES = 0x00201204;

    private static final String STUDY_COLUMNS = "s.study_uid, s.patient_id, s.issuer_of_patient_id, s.patient_name,"
            + " s.patient_birth_date, s.patient_sex, s.study_date, s.study_time, s.accession_number, s.study_id,"
            + " s.study_description, s.referring_physician";

    private final RecordStore store;

    public IndexQueryProvider(RecordStore store) {
        this.store = store;
    }

    @Override
    public Stream<Attributes> find(QueryRequest request) throws IOException {
        if (QueryRequest.WORKLIST.equals(request.level())) {
            return Stream.empty();
        }
        Attributes query = request.identifier();
        List<Attributes> candidates;
        try (Connection connection = store.dataSource().getConnection()) {
            candidates = switch (request.level()) {
                case "PATIENT" -> patients(connection, query);
                case "STUDY" -> studies(connection, query);
                case "SERIES" -> series(connection, query);
                case "IMAGE" -> instances(connection, query);
                default -> List.of();
            };
        } catch (SQLException e) {
            throw new IOException("MB-0670: the DICOM index is unavailable", e);
        }
        return candidates.stream().filter(entity -> Matching.matches(query, entity))
                .map(entity -> QueryCharsets.inQueryCharset(query, Matching.returnKeys(query, entity)));
    }

    private List<Attributes> patients(Connection connection, Attributes query) throws SQLException {
        Where where = new Where().exact("s.patient_id", query.getString(Tag.PatientID, null));
        String sql = "SELECT s.patient_id, MAX(s.issuer_of_patient_id), MAX(s.patient_name), MAX(s.patient_birth_date),"
                + " MAX(s.patient_sex), COUNT(DISTINCT s.study_uid),"
                + " (SELECT COUNT(*) FROM dicom_series x JOIN dicom_study y ON x.study_uid = y.study_uid WHERE y.patient_id = s.patient_id),"
                + " (SELECT COUNT(*) FROM dicom_instance x JOIN dicom_study y ON x.study_uid = y.study_uid WHERE y.patient_id = s.patient_id)"
                + " FROM dicom_study s" + where.sql() + " GROUP BY s.patient_id";
        List<Attributes> out = new ArrayList<>();
        try (PreparedStatement select = where.prepare(connection, sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Attributes a = entity();
                a.setString(Tag.PatientID, VR.LO, orEmpty(rs.getString(1)));
                setIfPresent(a, Tag.IssuerOfPatientID, VR.LO, rs.getString(2));
                setIfPresent(a, Tag.PatientName, VR.PN, rs.getString(3));
                setIfPresent(a, Tag.PatientBirthDate, VR.DA, rs.getString(4));
                setIfPresent(a, Tag.PatientSex, VR.CS, rs.getString(5));
                a.setString(NUMBER_OF_PATIENT_RELATED_STUDIES, VR.IS, Long.toString(rs.getLong(6)));
                a.setString(NUMBER_OF_PATIENT_RELATED_SERIES, VR.IS, Long.toString(rs.getLong(7)));
                a.setString(NUMBER_OF_PATIENT_RELATED_INSTANCES, VR.IS, Long.toString(rs.getLong(8)));
                out.add(a);
            }
        }
        return out;
    }

    private List<Attributes> studies(Connection connection, Attributes query) throws SQLException {
        Where where = new Where().exact("s.patient_id", query.getString(Tag.PatientID, null))
                .uids("s.study_uid", query.getStrings(Tag.StudyInstanceUID));
        String sql = "SELECT " + STUDY_COLUMNS + ","
                + " (SELECT COUNT(*) FROM dicom_series x WHERE x.study_uid = s.study_uid),"
                + " (SELECT COUNT(*) FROM dicom_instance x WHERE x.study_uid = s.study_uid)"
                + " FROM dicom_study s" + where.sql();
        List<Attributes> out = new ArrayList<>();
        try (PreparedStatement select = where.prepare(connection, sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Attributes a = study(rs);
                a.setString(Tag.NumberOfStudyRelatedSeries, VR.IS, Long.toString(rs.getLong(13)));
                a.setString(Tag.NumberOfStudyRelatedInstances, VR.IS, Long.toString(rs.getLong(14)));
                out.add(a);
            }
        }
        for (Attributes study : out) {
            String[] modalities = modalitiesIn(connection, study.getString(Tag.StudyInstanceUID));
            if (modalities.length > 0) {
                study.setString(Tag.ModalitiesInStudy, VR.CS, modalities);
            }
        }
        return out;
    }

    private List<Attributes> series(Connection connection, Attributes query) throws SQLException {
        Where where = new Where().exact("s.patient_id", query.getString(Tag.PatientID, null))
                .uids("s.study_uid", query.getStrings(Tag.StudyInstanceUID))
                .uids("r.series_uid", query.getStrings(Tag.SeriesInstanceUID));
        String sql = "SELECT " + STUDY_COLUMNS + ", r.series_uid, r.modality, r.series_number, r.series_description,"
                + " r.body_part, r.series_date, r.series_time,"
                + " (SELECT COUNT(*) FROM dicom_instance x WHERE x.series_uid = r.series_uid)"
                + " FROM dicom_series r JOIN dicom_study s ON s.study_uid = r.study_uid" + where.sql();
        List<Attributes> out = new ArrayList<>();
        try (PreparedStatement select = where.prepare(connection, sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Attributes a = study(rs);
                seriesColumns(a, rs, 13);
                a.setString(Tag.NumberOfSeriesRelatedInstances, VR.IS, Long.toString(rs.getLong(20)));
                out.add(a);
            }
        }
        return out;
    }

    private List<Attributes> instances(Connection connection, Attributes query) throws SQLException {
        Where where = new Where().exact("s.patient_id", query.getString(Tag.PatientID, null))
                .uids("s.study_uid", query.getStrings(Tag.StudyInstanceUID))
                .uids("r.series_uid", query.getStrings(Tag.SeriesInstanceUID))
                .uids("i.sop_instance_uid", query.getStrings(Tag.SOPInstanceUID));
        String sql = "SELECT " + STUDY_COLUMNS + ", r.series_uid, r.modality, r.series_number, r.series_description,"
                + " r.body_part, r.series_date, r.series_time, i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.frames"
                + " FROM dicom_instance i JOIN dicom_series r ON r.series_uid = i.series_uid"
                + " JOIN dicom_study s ON s.study_uid = i.study_uid" + where.sql();
        List<Attributes> out = new ArrayList<>();
        try (PreparedStatement select = where.prepare(connection, sql); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Attributes a = study(rs);
                seriesColumns(a, rs, 13);
                a.setString(Tag.SOPInstanceUID, VR.UI, rs.getString(20));
                a.setString(Tag.SOPClassUID, VR.UI, rs.getString(21));
                setIfPresent(a, Tag.InstanceNumber, VR.IS, rs.getObject(22) == null ? null : Integer.toString(rs.getInt(22)));
                setIfPresent(a, Tag.NumberOfFrames, VR.IS, rs.getObject(23) == null ? null : Integer.toString(rs.getInt(23)));
                out.add(a);
            }
        }
        return out;
    }

    private static Attributes study(ResultSet rs) throws SQLException {
        Attributes a = entity();
        a.setString(Tag.StudyInstanceUID, VR.UI, rs.getString(1));
        a.setString(Tag.PatientID, VR.LO, orEmpty(rs.getString(2)));
        setIfPresent(a, Tag.IssuerOfPatientID, VR.LO, rs.getString(3));
        setIfPresent(a, Tag.PatientName, VR.PN, rs.getString(4));
        setIfPresent(a, Tag.PatientBirthDate, VR.DA, rs.getString(5));
        setIfPresent(a, Tag.PatientSex, VR.CS, rs.getString(6));
        setIfPresent(a, Tag.StudyDate, VR.DA, rs.getString(7));
        setIfPresent(a, Tag.StudyTime, VR.TM, rs.getString(8));
        setIfPresent(a, Tag.AccessionNumber, VR.SH, rs.getString(9));
        setIfPresent(a, Tag.StudyID, VR.SH, rs.getString(10));
        setIfPresent(a, Tag.StudyDescription, VR.LO, rs.getString(11));
        setIfPresent(a, Tag.ReferringPhysicianName, VR.PN, rs.getString(12));
        return a;
    }

    private static void seriesColumns(Attributes a, ResultSet rs, int first) throws SQLException {
        a.setString(Tag.SeriesInstanceUID, VR.UI, rs.getString(first));
        setIfPresent(a, Tag.Modality, VR.CS, rs.getString(first + 1));
        setIfPresent(a, Tag.SeriesNumber, VR.IS, rs.getObject(first + 2) == null ? null : Integer.toString(rs.getInt(first + 2)));
        setIfPresent(a, Tag.SeriesDescription, VR.LO, rs.getString(first + 3));
        setIfPresent(a, Tag.BodyPartExamined, VR.CS, rs.getString(first + 4));
        setIfPresent(a, Tag.SeriesDate, VR.DA, rs.getString(first + 5));
        setIfPresent(a, Tag.SeriesTime, VR.TM, rs.getString(first + 6));
    }

    private static String[] modalitiesIn(Connection connection, String studyUid) throws SQLException {
        List<String> modalities = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT DISTINCT modality FROM dicom_series WHERE study_uid = ? AND modality IS NOT NULL ORDER BY modality")) {
            select.setString(1, studyUid);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    modalities.add(rs.getString(1));
                }
            }
        }
        return modalities.toArray(String[]::new);
    }

    private static Attributes entity() {
        Attributes a = new Attributes();
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        return a;
    }

    private static void setIfPresent(Attributes a, int tag, VR vr, String value) {
        if (value != null && !value.isEmpty()) {
            a.setString(tag, vr, value);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A WHERE clause from the keys that narrow by equality; wildcards and ranges are left to the matcher. */
    private static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final List<String> params = new ArrayList<>();

        Where exact(String column, String value) {
            if (value != null && !value.isBlank() && value.indexOf('*') < 0 && value.indexOf('?') < 0) {
                clauses.add(column + " = ?");
                params.add(value.trim());
            }
            return this;
        }

        Where uids(String column, String[] values) {
            if (values == null || values.length == 0 || (values.length == 1 && values[0].isBlank())) {
                return this;
            }
            clauses.add(column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.length, "?")) + ")");
            for (String uid : values) {
                params.add(uid.trim());
            }
            return this;
        }

        String sql() {
            return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        }

        PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < params.size(); i++) {
                statement.setString(i + 1, params.get(i));
            }
            return statement;
        }
    }
}
