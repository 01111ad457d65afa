package org.medbroker.engine.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.medbroker.connectors.astm.record.AstmMessage;
import org.medbroker.connectors.astm.record.AstmRecord;
import org.medbroker.connectors.astm.record.E1394Parser;
import org.medbroker.connectors.astm.record.ParseResult;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an analyzer's host query (Q record, LIS2-A2 clause 12) from the order store: for each
 * specimen id asked for (Q.3 one id or a repeat list; Q.3 to Q.4 a range, at most {@link #MAX_RANGE}; the id read
 * from each repeat as the listener's {@code specimenIdComponent} says
 * orders) the orders' tests in the analyzer's codes (H, P, O with report type Q, ..., L|1|N). A specimen id
 * the store does not know gets an O with report type Y (no order on record); when none is known the
 * answer is E1394's "no information": H and L with termination code I.
 */
public final class HostQueryResponder {

    private static final Logger log = LoggerFactory.getLogger(HostQueryResponder.class);
    static final int MAX_RANGE = 100;

    private final DataSource dataSource;
    private final OrderRepository orders;
    private final PatientRegistry patients;
    private final ZoneId zone;
    private final java.util.function.Function<String, Optional<org.hl7.fhir.r4.model.Patient>> storedPatients;

    /** {@code storedPatients}: the current Patient resource by id (name, birth date and sex for P). */
    public HostQueryResponder(DataSource dataSource, OrderRepository orders, PatientRegistry patients, ZoneId zone,
            java.util.function.Function<String, Optional<org.hl7.fhir.r4.model.Patient>> storedPatients) {
        this.dataSource = dataSource;
        this.orders = orders;
        this.patients = patients;
        this.zone = zone;
        this.storedPatients = storedPatients;
    }

    /** Whether the raw records hold a Q record (cheap: no parse). */
    public static boolean hasQuery(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == 'Q' && (i == 0 || raw[i - 1] == '\r' || raw[i - 1] == '\n') && !Character.isLetterOrDigit(raw[i + 1])) {
                return true;
            }
        }
        return false;
    }

    /** The reply records, or empty when the message holds no query (or cannot be parsed). */
    public Optional<List<byte[]>> answer(byte[] raw, AstmListenerContext listener) {
        ParseResult parsed = new E1394Parser(listener.charset(), AstmEntryApplier.MAX_RECORDS).parse(raw);
        if (!(parsed instanceof ParseResult.Parsed ok) || ok.message().queries().isEmpty()) {
            return Optional.empty();
        }
        AstmMessage message = ok.message();
        List<AstmOrderRecords.OrderToSend> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        String p3System = listener.options().patientIdSystems().get("P.3");
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            for (AstmRecord.Query query : message.queries()) {
                String end = listener.options().specimenId(query.endingRange().repeats().get(0), true);
                for (List<String> start : query.startingRange().repeats()) {
                    String from = listener.options().specimenId(start, true);
                    if (from.isEmpty()) {
                        continue;
                    }
                    boolean range = !end.isEmpty() && !end.equals(from) && query.startingRange().repeats().size() == 1;
                    List<OrderRepository.Order> hits = range ? orders.findBySpecimenIds(connection, from, end, MAX_RANGE)
                            : orders.findBySpecimenIds(connection, from, from, MAX_RANGE);
                    if (hits.isEmpty() && !range) {
                        unknown.add(from);
                    }
                    Map<String, List<OrderRepository.Order>> bySpecimen = new LinkedHashMap<>();
                    hits.forEach(o -> bySpecimen.computeIfAbsent(o.specimenId(), k -> new ArrayList<>()).add(o));
                    for (List<OrderRepository.Order> specimenOrders : bySpecimen.values()) {
                        OrderRepository.Order latest = specimenOrders.get(0);
                        List<OrderRepository.OrderTest> tests = specimenOrders.stream().flatMap(o -> o.tests().stream()).distinct().toList();
                        found.add(new AstmOrderRecords.OrderToSend(latest.specimenId(), patientId(connection, latest, p3System),
                                latest.patientId() == null ? Optional.empty() : storedPatients.apply(latest.patientId()), tests));
                    }
                }
            }
        } catch (SQLException e) {
            log.error("{}: MB-0720: host query not answered from the order store ({}); answered L|1|Q so the analyzer asks again",
                    listener.name(), e.getClass().getSimpleName());
            return Optional.of(AstmOrderRecords.queryError(zone, listener.charset()));
        }
        log.info("{}: host query for {} specimen id(s): {} order(s) found, {} unknown", listener.name(), found.size() + unknown.size(),
                found.size(), unknown.size());
        if (found.isEmpty()) {
            return Optional.of(AstmOrderRecords.noInformation(zone, listener.charset()));
        }
        return Optional.of(AstmOrderRecords.orders(found, unknown, AstmOrderRecords.REPLY_TO_QUERY, listener.codeMap(), zone,
                listener.charset()));
    }

    private String patientId(Connection connection, OrderRepository.Order order, String system) throws SQLException {
        if (order.patientId() == null || system == null) {
            return "";
        }
        for (PatientRegistry.PatientIdentifier identifier : patients.identifiersOf(connection, order.patientId())) {
            if (identifier.system().equals(system)) {
                return identifier.value();
            }
        }
        return "";
    }

}
