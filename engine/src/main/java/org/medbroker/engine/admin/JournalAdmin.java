package org.medbroker.engine.admin;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.hl7.message.AckCode;
import org.medbroker.engine.http.Json;
import org.medbroker.engine.ingest.Hl7MessageKeys;
import org.medbroker.engine.ingest.Hl7Preparer;
import org.medbroker.engine.ingest.MappingWriter;
import org.medbroker.engine.ingest.Prepared;
import org.medbroker.engine.outbound.AppliedMessage;
import org.medbroker.engine.outbound.OutboundEnqueuer;
import org.medbroker.engine.outbound.OutboundQueue;
import org.medbroker.engine.store.MessageKey;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.engine.store.resource.ResourceStore;

/** The journal operations behind {@code /admin/api} and the CLI, on the record store. */
public final class JournalAdmin {

    /**
     * Search criteria; empty ones match everything. {@code controlId} matches the inbound or the outbound MSH-10;
     * {@code sampleId} and {@code accession} match the keys stored with each message ({@link MessageKey}).
     */
    public record Query(Optional<String> listener, Optional<String> status, Optional<Instant> since, Optional<Instant> until,
            Optional<String> controlId, Optional<String> destination, Optional<String> deliveryStatus, Optional<String> sampleId,
            Optional<String> accession, int limit) {

        /** Without the key criteria. */
        public Query(Optional<String> listener, Optional<String> status, Optional<Instant> since, Optional<Instant> until,
                Optional<String> controlId, Optional<String> destination, Optional<String> deliveryStatus, int limit) {
            this(listener, status, since, until, controlId, destination, deliveryStatus, Optional.empty(), Optional.empty(), limit);
        }
    }

    /** A study of the imaging index, without its patient data. */
    public record Study(String studyInstanceUid, String studyDate, int instances) {}

    /** Most messages one prune transaction deletes: small enough that it never holds the applier up for long. */
    public static final int PRUNE_BATCH = 500;

    /** What a reprocess came to. */
    public record Reprocessed(String status, String errorText) {}

    private final DataSource dataSource;
    private final Hl7Preparer preparer;
    private final MappingWriter writer;
    private final ResourceStore resources;
    private final OutboundEnqueuer outbound;
    private final FhirContext fhir;
    private final Map<String, Charset> listenerCharsets;
    private final OutboundQueue queue = new OutboundQueue();
    private final MessageRepository messages = new MessageRepository();

    public JournalAdmin(DataSource dataSource, Hl7Preparer preparer, MappingWriter writer, ResourceStore resources,
            OutboundEnqueuer outbound, FhirContext fhir, Map<String, Charset> listenerCharsets) {
        this.dataSource = dataSource;
        this.preparer = preparer;
        this.writer = writer;
        this.resources = resources;
        this.outbound = outbound;
        this.fhir = fhir;
        this.listenerCharsets = Map.copyOf(listenerCharsets);
    }

    /** Message summaries, newest first (no raw content). */
    public List<Map<String, Object>> search(Query query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT m.id, m.listener, m.received_at, m.message_type, m.control_id,"
                + " m.sending_application, m.sending_facility, m.status, m.ack_code, m.error_code, m.error_text FROM message m WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        query.listener().ifPresent(v -> add(sql, params, " AND m.listener = ?", v));
        query.status().ifPresent(v -> add(sql, params, " AND m.status = ?", v));
        query.since().ifPresent(v -> add(sql, params, " AND m.received_at >= ?", Timestamp.from(v)));
        query.until().ifPresent(v -> add(sql, params, " AND m.received_at < ?", Timestamp.from(v)));
        query.controlId().ifPresent(v -> {
            add(sql, params, " AND (m.control_id = ? OR EXISTS (SELECT 1 FROM outbound_queue c WHERE c.message_id = m.id"
                    + " AND c.control_id = ?))", v);
            params.add(v);
        });
        query.sampleId().ifPresent(v -> add(sql, params, " AND EXISTS (SELECT 1 FROM message_key k WHERE k.message_id = m.id"
                + " AND k.key_type = '" + MessageKey.Kind.SAMPLE.column() + "' AND k.key_value = ?)", v));
        query.accession().ifPresent(v -> add(sql, params, " AND EXISTS (SELECT 1 FROM message_key a WHERE a.message_id = m.id"
                + " AND a.key_type = '" + MessageKey.Kind.ACCESSION.column() + "' AND a.key_value = ?)", v));
        if (query.destination().isPresent() || query.deliveryStatus().isPresent()) {
            sql.append(" AND EXISTS (SELECT 1 FROM outbound_queue q WHERE q.message_id = m.id");
            query.destination().ifPresent(v -> add(sql, params, " AND q.destination = ?", v));
            query.deliveryStatus().ifPresent(v -> add(sql, params, " AND q.status = ?", v));
            sql.append(')');
        }
        sql.append(" ORDER BY m.id DESC LIMIT ?");
        params.add(Math.max(1, Math.min(query.limit(), 1000)));
        List<Map<String, Object>> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            bind(select, params);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(summary(rows));
                }
            }
        }
        return found;
    }

    /** The imaging index's studies with this accession number (DICOM (0008,0050)), newest first, at most 100. */
    public List<Study> studies(String accession) throws SQLException {
        List<Study> studies = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT s.study_uid, s.study_date,"
                        + " (SELECT COUNT(*) FROM dicom_instance i WHERE i.study_uid = s.study_uid) FROM dicom_study s"
                        + " WHERE s.accession_number = ? ORDER BY s.updated_at DESC LIMIT 100")) {
            select.setString(1, accession);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    studies.add(new Study(rows.getString(1), rows.getString(2), rows.getInt(3)));
                }
            }
        }
        return studies;
    }

    /** One message with its raw content, its FHIR as the current mapping gives it, and its deliveries; empty when unknown. */
    public Optional<Map<String, Object>> view(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Object> message;
            byte[] raw;
            Charset charset;
            try (PreparedStatement select = connection.prepareStatement("SELECT m.id, m.listener, m.received_at, m.message_type,"
                    + " m.control_id, m.sending_application, m.sending_facility, m.status, m.ack_code, m.error_code, m.error_text,"
                    + " m.remote_address, m.charset, m.raw FROM message m WHERE m.id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    message = summary(rows);
                    message.put("remoteAddress", rows.getString(12));
                    charset = charset(rows.getString(13));
                    raw = rows.getBytes(14);
                }
            }
            message.put("charset", charset.name());
            message.put("raw", new String(raw, charset));
            Prepared prepared = preparer.prepare(raw, charset);
            message.put("mappedFhir", prepared.mapping().map(m -> m.resources().stream()
                    .map(r -> (Object) new Json.Raw(fhir.newJsonParser().encodeResourceToString(r))).toList()).orElse(List.of()));
            prepared.error().ifPresent(e -> message.put("mappingError", e.text()));
            message.put("deliveries", deliveries(connection, id));
            return Optional.of(message);
        }
    }

    /**
     * Maps the stored raw message again with the current mapping (after a fix) and writes the
     * result in one transaction: resources, status processed (or error with the new text), and,
     * when it becomes processed, the outbound queues its routes feed that do not have it yet.
     */
    public Optional<Reprocessed> reprocess(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String listener;
                byte[] raw;
                Charset charset;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT listener, charset, raw, status FROM message WHERE id = ? FOR UPDATE")) {
                    select.setLong(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            connection.rollback();
                            return Optional.empty();
                        }
                        listener = rows.getString(1);
                        charset = charset(rows.getString(2));
                        raw = rows.getBytes(3);
                        if (MessageRepository.DUPLICATE.equals(rows.getString(4))) {
                            connection.rollback();
                            return Optional.of(new Reprocessed(MessageRepository.DUPLICATE,
                                    "MB-0740: a duplicate is not reprocessed; reprocess the message it repeats"));
                        }
                    }
                }
                Prepared prepared = preparer.prepare(raw, listenerCharsets.getOrDefault(listener, charset));
                Set<MessageKey> keys = Hl7MessageKeys.of(raw, prepared.charset());
                if (!keys.isEmpty()) { // none from a message that is not HL7 v2: its own keys stay
                    messages.replaceKeys(connection, id, keys);
                }
                Reprocessed result;
                if (prepared.ackCode() == AckCode.AA && prepared.mapping().isPresent()) {
                    Instant now = Instant.now();
                    List<Resource> written = writer.write(connection, prepared.mapping().get(), id, now);
                    resources.upsertAll(connection, written, now);
                    update(connection, id, MessageRepository.PROCESSED, null, null);
                    outbound.enqueueReprocessed(connection, new AppliedMessage(id, listener, MessageRepository.PROCESSED,
                            prepared.charset(), raw));
                    result = new Reprocessed(MessageRepository.PROCESSED, null);
                } else {
                    String text = prepared.error().map(e -> e.text()).orElse("not mappable");
                    update(connection, id, MessageRepository.ERROR, prepared.error().map(e -> e.hl7ErrorCode()).orElse(null), text);
                    result = new Reprocessed(MessageRepository.ERROR, text);
                }
                connection.commit();
                return Optional.of(result);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Sends a message to one destination again, with the same outbound control id (so a receiver
     * that kept it can discard it): requeued when it was queued there before, else queued now.
     */
    public boolean resend(long id, String destination) throws SQLException {
        if (!outbound.destinations().contains(destination)) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (queue.requeue(connection, destination, id, Instant.now())) {
                return true;
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT listener, status, charset, raw FROM message WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || !MessageRepository.PROCESSED.equals(rows.getString(2))) {
                        return false;
                    }
                    return outbound.enqueueTo(connection, new AppliedMessage(id, rows.getString(1), rows.getString(2),
                            charset(rows.getString(3)), rows.getBytes(4)), destination);
                }
            }
        }
    }

    /** Moves a message out of a destination's dead letter, with a fresh retry count. */
    public boolean release(long id, String destination) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return queue.release(connection, destination, id, Instant.now());
        }
    }

    /**
     * Deletes the listener's messages received before {@code now - olderThan}, with their delivery
     * records and lookup keys, except any message still undelivered (pending or dead letter)
     * somewhere. The mapped FHIR resources are clinical records and stay. Works in transactions of
     * {@link #PRUNE_BATCH} messages. Returns how many messages went.
     */
    public int prune(String listener, Duration olderThan) throws SQLException {
        Instant before = Instant.now().minus(olderThan);
        int total = 0;
        for (int deleted; (deleted = prune(listener, before, PRUNE_BATCH)) > 0; ) {
            total += deleted;
        }
        return total;
    }

    /**
     * One transaction of {@link #prune(String, Duration)}: deletes at most {@code limit} of the
     * listener's oldest messages received before {@code before} that nothing waits to deliver.
     * Oldest by {@code received_at}, so the (listener, received_at) index ends the scan at the cut-off
     * (ordered by id, the last batch of a run read the whole table: 1.4 s at a million rows).
     * Returns how many went; 0 when none is left.
     */
    public int prune(String listener, Instant before, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Long> candidates = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("SELECT m.id FROM message m WHERE m.listener = ?"
                        + " AND m.received_at < ? AND NOT EXISTS (SELECT 1 FROM outbound_queue u WHERE u.message_id = m.id"
                        + " AND u.status <> 'delivered') ORDER BY m.received_at LIMIT ?")) {
                    select.setString(1, listener);
                    select.setTimestamp(2, Timestamp.from(before));
                    select.setInt(3, limit);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            candidates.add(rows.getLong(1));
                        }
                    }
                }
                List<Long> deleted = new ArrayList<>();
                // Checked again row by row: a resend or reprocess may have queued a candidate meanwhile.
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM message WHERE id = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM outbound_queue u WHERE u.message_id = ? AND u.status <> 'delivered')")) {
                    for (long id : candidates) {
                        delete.setLong(1, id);
                        delete.setLong(2, id);
                        delete.addBatch();
                    }
                    int[] counts = candidates.isEmpty() ? new int[0] : delete.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] > 0) {
                            deleted.add(candidates.get(i));
                        }
                    }
                }
                for (String table : new String[] {"outbound_attempt", "outbound_queue", "message_key"}) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE message_id = ?")) {
                        for (long id : deleted) {
                            delete.setLong(1, id);
                            delete.addBatch();
                        }
                        if (!deleted.isEmpty()) {
                            delete.executeBatch();
                        }
                    }
                }
                connection.commit();
                return deleted.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<Map<String, Object>> deliveries(Connection connection, long id) throws SQLException {
        List<Map<String, Object>> deliveries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT destination, control_id, status, attempts, enqueued_at,"
                + " next_attempt_at, delivered_at, last_error FROM outbound_queue WHERE message_id = ? ORDER BY destination")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("destination", rows.getString(1));
                    d.put("controlId", rows.getString(2));
                    d.put("status", rows.getString(3));
                    d.put("attempts", rows.getInt(4));
                    d.put("enqueuedAt", instant(rows.getTimestamp(5)));
                    d.put("nextAttemptAt", instant(rows.getTimestamp(6)));
                    d.put("deliveredAt", instant(rows.getTimestamp(7)));
                    d.put("lastError", rows.getString(8));
                    d.put("attemptLog", attempts(connection, id, rows.getString(1)));
                    deliveries.add(d);
                }
            }
        }
        return deliveries;
    }

    private static List<Map<String, Object>> attempts(Connection connection, long id, String destination) throws SQLException {
        List<Map<String, Object>> attempts = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT attempt_at, outcome, ack_code, detail FROM outbound_attempt"
                + " WHERE message_id = ? AND destination = ? ORDER BY attempt_at")) {
            select.setLong(1, id);
            select.setString(2, destination);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("at", instant(rows.getTimestamp(1)));
                    a.put("outcome", rows.getString(2));
                    a.put("ackCode", rows.getString(3));
                    a.put("detail", rows.getString(4));
                    attempts.add(a);
                }
            }
        }
        return attempts;
    }

    private static Map<String, Object> summary(ResultSet rows) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rows.getLong(1));
        m.put("listener", rows.getString(2));
        m.put("receivedAt", instant(rows.getTimestamp(3)));
        m.put("messageType", rows.getString(4));
        m.put("controlId", rows.getString(5));
        m.put("sendingApplication", rows.getString(6));
        m.put("sendingFacility", rows.getString(7));
        m.put("status", rows.getString(8));
        m.put("ackCode", rows.getString(9));
        m.put("errorCode", rows.getString(10));
        m.put("errorText", rows.getString(11));
        return m;
    }

    private static void update(Connection connection, long id, String status, String errorCode, String errorText) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE message SET status = ?, error_code = ?, error_text = ?, processed_at = ? WHERE id = ?")) {
            update.setString(1, status);
            update.setString(2, errorCode);
            update.setString(3, errorText == null || errorText.length() <= 1000 ? errorText : errorText.substring(0, 1000));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setLong(5, id);
            update.executeUpdate();
        }
    }

    private static void add(StringBuilder sql, List<Object> params, String clause, Object value) {
        sql.append(clause);
        params.add(value);
    }

    private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
