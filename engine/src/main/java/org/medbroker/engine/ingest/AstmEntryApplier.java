package org.medbroker.engine.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;
import org.medbroker.engine.journal.JournalEntry;
import org.medbroker.engine.store.MessageKey;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.engine.store.MessageRepository.MessageRow;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.UnmatchedResultRepository;
import org.medbroker.mappings.astm.AstmMappingResult;
import org.medbroker.mappings.astm.MatchedOrder;
import org.medbroker.mappings.astm.UnmatchedResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a journaled ASTM message: parse (E1394), find the orders by specimen id, map to FHIR with the
 * listener's code map, resolve patients (a Patient is created only when none of its identifiers is known),
 * and list the results a person has to review. A message that cannot be parsed is stored with status
 * error and its parse error (record and field, never content).
 */
public final class AstmEntryApplier implements EntryApplier {

    private static final Logger log = LoggerFactory.getLogger(AstmEntryApplier.class);
    public static final int MAX_RECORDS = 100_000;

    private final Map<String, AstmListenerContext> listeners;
    private final ZoneId zone;
    private final PatientRegistry patients;
    private final OrderRepository orders;
    private final UnmatchedResultRepository unmatched;
    private final AtomicLong unmatchedNoOrder = new AtomicLong();
    private final AtomicLong unmappedCodes = new AtomicLong();

    public AstmEntryApplier(Map<String, AstmListenerContext> listeners, ZoneId zone, PatientRegistry patients,
            OrderRepository orders, UnmatchedResultRepository unmatched) {
        this.listeners = Map.copyOf(listeners);
        this.zone = zone;
        this.patients = patients;
        this.orders = orders;
        this.unmatched = unmatched;
    }

    /** Results stored without an order, as of the last applied message (for the metrics). */
    public long unmatchedNoOrder() {
        return unmatchedNoOrder.get();
    }

    /** Results whose analyzer code is not in the code map, as of the last applied message. */
    public long unmappedCodes() {
        return unmappedCodes.get();
    }

    /** Reads the counts once at start. */
    public void refreshCounts(Connection connection) throws SQLException {
        unmatchedNoOrder.set(unmatched.count(connection, UnmatchedResult.Reason.NO_ORDER.name()));
        unmappedCodes.set(unmatched.count(connection, UnmatchedResult.Reason.UNMAPPED_CODE.name()));
    }

    @Override
    public Applied apply(Connection connection, JournalEntry entry, Instant now) throws SQLException {
        AstmListenerContext listener = listeners.getOrDefault(entry.listener(), AstmListenerContext.unknown(entry.listener(), zone));
        ParseResult parsed = new E1394Parser(listener.charset(), MAX_RECORDS).parse(entry.payload());
        if (parsed instanceof ParseResult.Failed failed) {
            String text = failed.error().message();
            log.warn("{}: journal #{} ASTM message kept with status error: {}", entry.listener(), entry.seq(), text);
            return new Applied(row(entry, listener, null, "ASTM", MessageRepository.ERROR, failed.error().code().id(), text, now),
                    List.of());
        }
        AstmMessage message = ((ParseResult.Parsed) parsed).message();
        String type = message.patients().isEmpty() && !message.queries().isEmpty() ? "ASTM-QUERY" : "ASTM";
        Map<String, MatchedOrder> matched = new HashMap<>();
        for (String specimenId : listener.mapper().specimenIds(message)) {
            orders.findBySpecimenId(connection, specimenId).ifPresent(order -> matched.put(specimenId, matchedOrder(order)));
        }
        AstmMappingResult mapping = listener.mapper().map(message, listener.codeMap(), matched);
        List<Resource> resources = resolvePatients(connection, mapping.resources(), now);
        List<String> observationIds = resources.stream().filter(r -> r instanceof Observation).map(Resource::getIdPart).toList();
        List<UnmatchedResultRepository.Unmatched> rows = mapping.unmatched().stream()
                .map(u -> new UnmatchedResultRepository.Unmatched(u.observationId(), u.reason().name(), entry.listener(), entry.seq(),
                        u.specimenId(), u.testCode(), now)).toList();
        unmatched.replace(connection, observationIds, rows);
        refreshCounts(connection);
        if (!mapping.unmatched().isEmpty()) {
            log.info("{}: journal #{} {} result(s) to review (no order or unmapped code)", entry.listener(), entry.seq(),
                    mapping.unmatched().size());
        }
        String status = MessageRepository.PROCESSED;
        String error = null;
        if (entry.protocol().equals(AstmIngestProcessor.PROTOCOL_INCOMPLETE)) {
            error = "MB-0710: the transfer did not end cleanly (timeout, interrupt or disconnect); what arrived was mapped";
        }
        return new Applied(row(entry, listener, message, type, status, null, error, now), resources);
    }

    @Override
    public MessageRow failed(JournalEntry entry, String reason, Instant now) {
        AstmListenerContext listener = listeners.getOrDefault(entry.listener(), AstmListenerContext.unknown(entry.listener(), zone));
        return row(entry, listener, null, "ASTM", MessageRepository.ERROR, null, reason, now);
    }

    /**
     * Each mapped Patient: kept under the id of the patient its identifiers already belong to (and then not
     * written again: the existing record, maybe from HL7, stays as it is), else created; references follow.
     */
    private List<Resource> resolvePatients(Connection connection, List<Resource> mapped, Instant now) throws SQLException {
        Map<String, String> renamed = new LinkedHashMap<>();
        List<Resource> out = new ArrayList<>(mapped.size());
        for (Resource resource : mapped) {
            if (resource instanceof Patient patient) {
                List<PatientRegistry.PatientIdentifier> ids = new ArrayList<>();
                for (Identifier identifier : patient.getIdentifier()) {
                    ids.add(new PatientRegistry.PatientIdentifier(identifier.getSystem(), identifier.getValue(), null));
                }
                Optional<String> existing = patients.find(connection, ids);
                String id = patients.resolve(connection, patient.getIdPart(), ids, now);
                if (!id.equals(patient.getIdPart())) {
                    renamed.put(patient.getIdPart(), id);
                    patient.setId("Patient/" + id);
                }
                if (existing.isPresent()) {
                    continue;
                }
            }
            out.add(resource);
        }
        if (!renamed.isEmpty()) {
            for (Resource resource : out) {
                if (resource instanceof Observation o) {
                    rename(o.getSubject(), renamed);
                } else if (resource instanceof DiagnosticReport r) {
                    rename(r.getSubject(), renamed);
                }
            }
        }
        return out;
    }

    private static void rename(Reference reference, Map<String, String> renamed) {
        String target = reference.getReference();
        if (target != null && target.startsWith("Patient/")) {
            String to = renamed.get(target.substring("Patient/".length()));
            if (to != null) {
                reference.setReference("Patient/" + to);
            }
        }
    }

    private static MatchedOrder matchedOrder(OrderRepository.Order order) {
        OrderRepository.OrderTest first = order.tests().isEmpty() ? null : order.tests().get(0);
        return new MatchedOrder(order.id(), order.patientId(), first == null ? "" : first.codeSystem(),
                first == null ? "" : first.code(), first == null || first.display() == null ? "" : first.display());
    }

    private static MessageRow row(JournalEntry entry, AstmListenerContext listener, AstmMessage message, String type, String status,
            String errorCode, String errorText, Instant now) {
        String sender = message == null ? null : message.header().sender().first().strip();
        String controlId = message == null ? null : message.header().raw().field(3).first().strip();
        Set<MessageKey> keys = new LinkedHashSet<>();
        if (message != null) {
            listener.mapper().specimenIds(message).stream().filter(MessageKey::usable)
                    .forEach(id -> keys.add(new MessageKey(MessageKey.Kind.SAMPLE, id.strip())));
        }
        return new MessageRow(entry.seq(), entry.listener(), entry.remoteAddress(), entry.receivedAt(), entry.protocol(), type,
                controlId == null || controlId.isEmpty() ? null : controlId, sender, null, listener.charset().name(), status, null,
                errorCode, errorText, now, entry.payload(), keys);
    }
}
