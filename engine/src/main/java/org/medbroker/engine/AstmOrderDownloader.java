package org.medbroker.engine;

import java.sql.Connection;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.medbroker.connectors.astm.AstmConsumerSupport;
import org.medbroker.connectors.astm.link.SendOutcome;
import org.medbroker.engine.ingest.AstmListenerContext;
import org.medbroker.engine.ingest.AstmOrderRecords;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Order download: every order the store receives after the broker started (HL7 ORM/OML through the
 * applier) whose tests the analyzer's code map knows is pushed to the analyzers connected to listeners
 * with {@code orderDownload: true}, as H, P, O (report type O), L. The store is looked at every
 * {@code interval}; an analyzer not connected at that moment does not get the order (it can ask with
 * a host query).
 */
final class AstmOrderDownloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AstmOrderDownloader.class);

    private final DataSource dataSource;
    private final List<AstmListenerContext> listeners;
    private final Function<String, AstmConsumerSupport> consumers;
    private final ZoneId zone;
    private final Duration interval;
    private final OrderRepository orders = new OrderRepository();
    private final PatientRegistry patients = new PatientRegistry();
    private final Function<String, java.util.Optional<org.hl7.fhir.r4.model.Patient>> storedPatients;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastSeen;

    AstmOrderDownloader(DataSource dataSource, List<AstmListenerContext> listeners, Function<String, AstmConsumerSupport> consumers,
            ZoneId zone, Duration interval, Function<String, java.util.Optional<org.hl7.fhir.r4.model.Patient>> storedPatients)
            throws Exception {
        this.storedPatients = storedPatients;
        this.dataSource = dataSource;
        this.listeners = List.copyOf(listeners);
        this.consumers = consumers;
        this.zone = zone;
        this.interval = interval;
        try (Connection connection = dataSource.getConnection()) {
            lastSeen = orders.lastMessageId(connection);
        }
        thread = new Thread(this::run, "astm-order-download");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(interval.toMillis());
                poll();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.warn("MB-0722: order download could not read the order store ({}); trying again", e.getClass().getSimpleName());
            }
        }
    }

    private void poll() throws Exception {
        Map<AstmListenerContext, List<AstmOrderRecords.OrderToSend>> pending = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            long newest = orders.lastMessageId(connection);
            if (newest <= lastSeen) {
                return;
            }
            for (String specimenId : orders.specimenIdsAfter(connection, lastSeen, 1000)) {
                List<OrderRepository.Order> specimenOrders = orders.findBySpecimenIds(connection, specimenId, specimenId, 100);
                if (specimenOrders.isEmpty()) {
                    continue;
                }
                List<OrderRepository.OrderTest> tests = specimenOrders.stream().flatMap(o -> o.tests().stream()).distinct().toList();
                for (AstmListenerContext listener : listeners) {
                    if (tests.stream().noneMatch(t -> AstmOrderRecords.analyzerCode(t, listener.codeMap()) != null)) {
                        continue;
                    }
                    String p3 = "";
                    String system = listener.options().patientIdSystems().get("P.3");
                    String patientId = specimenOrders.get(0).patientId();
                    if (patientId != null) {
                        for (PatientRegistry.PatientIdentifier id : patients.identifiersOf(connection, patientId)) {
                            if (id.system().equals(system)) {
                                p3 = id.value();
                            }
                        }
                    }
                    pending.computeIfAbsent(listener, k -> new ArrayList<>()).add(new AstmOrderRecords.OrderToSend(specimenId, p3,
                            patientId == null ? java.util.Optional.empty() : storedPatients.apply(patientId), tests));
                }
            }
            lastSeen = newest;
        }
        for (Map.Entry<AstmListenerContext, List<AstmOrderRecords.OrderToSend>> e : pending.entrySet()) {
            AstmListenerContext listener = e.getKey();
            AstmConsumerSupport consumer = consumers.apply(listener.name());
            if (consumer == null || consumer.openConnections() == 0) {
                log.info("{}: {} new order(s) not downloaded: no analyzer connected", listener.name(), e.getValue().size());
                continue;
            }
            List<byte[]> records = AstmOrderRecords.orders(e.getValue(), List.of(), AstmOrderRecords.ORDER, listener.codeMap(), zone,
                    listener.charset());
            List<SendOutcome> outcomes = consumer.send(records).join();
            log.info("{}: {} new order(s) downloaded: {}", listener.name(), e.getValue().size(),
                    outcomes.stream().map(o -> o.result().name()).toList());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
