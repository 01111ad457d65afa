package org.medbroker.engine.outbound;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.mappings.fhirtov2.OruHeader;
import org.medbroker.mappings.fhirtov2.OruR01Builder;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results that did not arrive as HL7 v2 (ASTM) leave as an ORU^R01 built from their FHIR result set. It is
 * built once, when the message is stored as processed, and kept in {@code outbound_result_set} with the
 * resources, so routing reads the same fields as for HL7 (message type ORU^R01, PID-3, OBR-4/OBX-3) and
 * every delivery, retry and resend sends the same message, with each destination's MSH-3/4/10 put in by
 * {@link PassThroughMessage} exactly as for HL7.
 */
final class ResultSetMessages {

    private static final Logger log = LoggerFactory.getLogger(ResultSetMessages.class);
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /** One result set ready to route and keep. */
    record Built(String hl7, Hl7Fields fields, String fhirJson) {}

    private final OruR01Builder builder;

    ResultSetMessages(MappingOptions options) {
        this.builder = new OruR01Builder(options);
    }

    /** With the site's identifier systems, as the inbound mapping uses them, so PID-3 names the authorities it was sent with. */
    static ResultSetMessages of(BrokerConfig.Mapping mapping) {
        Map<String, String> systems = new HashMap<>(MappingOptions.defaults().identifierSystems());
        systems.putAll(mapping.identifierSystems());
        return new ResultSetMessages(new MappingOptions(systems, mapping.zone()));
    }

    /** Empty when there is nothing an MIS could file (no Observation, or results without a patient). */
    Optional<Built> build(AppliedMessage message, List<Resource> resultSet, Instant now) {
        String hl7;
        try {
            hl7 = builder.build(resultSet, new OruHeader("MEDBROKER", "MEDBROKER", "", "", now, "MB" + message.seq()));
        } catch (IllegalArgumentException e) {
            log.info("{}: journal #{} is not forwarded: {}", message.listener(), message.seq(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // A result set the builder cannot handle must not turn a stored result into an error; it stays for review.
            log.error("{}: MB-0752: journal #{} is not forwarded: its ORU^R01 could not be built ({})", message.listener(),
                    message.seq(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION).setTimestamp(Date.from(now));
        resultSet.forEach(r -> bundle.addEntry().setResource(r));
        return Optional.of(new Built(hl7, Hl7Fields.read(hl7.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                FHIR.newJsonParser().encodeResourceToString(bundle)));
    }

    void keep(Connection connection, long seq, Built built, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbound_result_set (message_id, created_at, hl7_text, fhir_json) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setTimestamp(2, Timestamp.from(now));
            insert.setString(3, built.hl7());
            insert.setString(4, built.fhirJson());
            insert.executeUpdate();
        }
    }

    /** The routing fields of the ORU^R01 kept for a message, if one was. */
    static Optional<Hl7Fields> keptFields(Connection connection, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT hl7_text FROM outbound_result_set WHERE message_id = ?")) {
            select.setLong(1, seq);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Hl7Fields.read(rows.getString(1).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                        : Optional.empty();
            }
        }
    }

    /** The kept resources of a result set. */
    static List<Resource> resources(String fhirJson) {
        return FHIR.newJsonParser().parseResource(Bundle.class, fhirJson).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource).toList();
    }
}
