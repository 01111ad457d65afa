package org.medbroker.engine.outbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.mappings.hl7v2.MappingOptions;

/**
 * The store applier's hook: called once per applied batch, inside its transaction, so a message
 * enters the outbound queues exactly when it is stored as processed (and never otherwise). Messages
 * stored as error or duplicate are not forwarded. Results that arrived by another protocol (ASTM) are routed
 * and sent as the ORU^R01 {@link ResultSetMessages} builds for them.
 */
public final class OutboundEnqueuer {

    /** Queues nothing: no outbound destination is configured. */
    public static final OutboundEnqueuer NONE = new OutboundEnqueuer(List.of(), new OutboundQueue());

    private final List<DestinationMatcher> destinations;
    private final OutboundQueue queue;
    private final ResultSetMessages resultSets;

    OutboundEnqueuer(List<DestinationMatcher> destinations, OutboundQueue queue) {
        this(destinations, queue, new ResultSetMessages(MappingOptions.defaults()));
    }

    OutboundEnqueuer(List<DestinationMatcher> destinations, OutboundQueue queue, ResultSetMessages resultSets) {
        this.destinations = List.copyOf(destinations);
        this.queue = queue;
        this.resultSets = resultSets;
    }

    public void enqueue(Connection connection, List<AppliedMessage> applied) throws SQLException {
        if (destinations.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<OutboundQueue.Entry> entries = new ArrayList<>();
        for (AppliedMessage message : applied) {
            if (!MessageRepository.PROCESSED.equals(message.status())) {
                continue;
            }
            Hl7Fields fields = null;
            ResultSetMessages.Built built = null;
            int queuedBefore = entries.size();
            for (DestinationMatcher destination : destinations) {
                if (!destination.routedListeners().contains(message.listener())) {
                    continue;
                }
                if (fields == null && message.resultSet().isPresent()) {
                    built = resultSets.build(message, message.resultSet().get(), now).orElse(null);
                    if (built == null) {
                        break;
                    }
                    fields = built.fields();
                } else if (fields == null) {
                    fields = Hl7Fields.read(message.raw(), message.charset());
                }
                if (destination.accepts(message.listener(), fields)) {
                    String patient = fields.patientKey().isEmpty() ? "#" + message.seq() : truncate(fields.patientKey());
                    entries.add(new OutboundQueue.Entry(destination.destination(), message.seq(), patient,
                            ControlIds.stable(message.seq(), destination.destination())));
                }
            }
            if (built != null && entries.size() > queuedBefore) {
                resultSets.keep(connection, message.seq(), built, now);
            }
        }
        if (!entries.isEmpty()) {
            queue.insertAll(connection, entries, now);
        }
    }

    /**
     * Queues one stored message for {@code destination} regardless of routes and filters (an
     * administrator's resend or a reprocessed message); false when the destination is not an enabled
     * outbound destination or already has the message queued.
     */
    public boolean enqueueTo(Connection connection, AppliedMessage message, String destination) throws SQLException {
        if (destinations.stream().noneMatch(d -> d.destination().equals(destination))) {
            return false;
        }
        try (java.sql.PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM outbound_queue WHERE destination = ? AND message_id = ?")) {
            select.setString(1, destination);
            select.setLong(2, message.seq());
            try (java.sql.ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        Hl7Fields fields = storedFields(connection, message);
        if (fields == null) {
            return false;
        }
        String patient = fields.patientKey().isEmpty() ? "#" + message.seq() : truncate(fields.patientKey());
        queue.insertAll(connection, List.of(new OutboundQueue.Entry(destination, message.seq(), patient,
                ControlIds.stable(message.seq(), destination))), Instant.now());
        return true;
    }

    /** The outbound destinations this enqueuer feeds. */
    public List<String> destinations() {
        return destinations.stream().map(DestinationMatcher::destination).toList();
    }

    /** Queues a message that has just become processed (reprocessed) where its routes and filters send it, skipping queues that have it. */
    public void enqueueReprocessed(Connection connection, AppliedMessage message) throws SQLException {
        Hl7Fields fields = Hl7Fields.read(message.raw(), message.charset());
        for (DestinationMatcher destination : destinations) {
            if (destination.accepts(message.listener(), fields)) {
                enqueueTo(connection, message, destination.destination());
            }
        }
    }

    /** Routing fields of a stored message: its kept ORU^R01 when it has one, else the HL7 message itself; null for neither. */
    private static Hl7Fields storedFields(Connection connection, AppliedMessage message) throws SQLException {
        java.util.Optional<Hl7Fields> kept = ResultSetMessages.keptFields(connection, message.seq());
        if (kept.isPresent()) {
            return kept.get();
        }
        boolean hl7 = message.raw().length > 3 && message.raw()[0] == 'M' && message.raw()[1] == 'S' && message.raw()[2] == 'H';
        return hl7 ? Hl7Fields.read(message.raw(), message.charset()) : null;
    }

    private static String truncate(String key) {
        return key.length() <= 256 ? key : key.substring(0, 256);
    }
}
