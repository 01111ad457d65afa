package org.medbroker.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.medbroker.connectors.astm.AstmComponent;
import org.medbroker.connectors.astm.AstmConsumerSupport;
import org.medbroker.connectors.astm.AstmTcpServerConsumer;
import org.medbroker.engine.config.AstmListenerSettings;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.ingest.AstmEntryApplier;
import org.medbroker.engine.ingest.AstmIngestProcessor;
import org.medbroker.engine.ingest.AstmListenerContext;
import org.medbroker.engine.ingest.HostQueryResponder;
import org.medbroker.engine.ingest.IngestMetrics;
import org.medbroker.engine.ingest.StoreApplier;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.ops.HealthCheck;
import org.medbroker.engine.ops.Metrics;
import org.medbroker.engine.routes.AstmRouteBuilder;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.UnmatchedResultRepository;
import org.medbroker.engine.store.resource.ResourceStore;
import org.hl7.fhir.r4.model.Patient;

/** The broker's ASTM listeners: their journal applier, routes, host query answers, metrics and health. */
final class AstmListeners {

    private final List<BrokerConfig.Listener> listeners;
    private final Map<String, AstmListenerContext> contexts = new LinkedHashMap<>();
    private final RecordStore store;
    private final ZoneId zone;
    private final ResourceStore resources;
    private AstmEntryApplier applier;
    private StoreApplier storeApplier;
    private CamelContext camel;

    AstmListeners(BrokerConfig config, RecordStore store, ResourceStore resources) {
        this.listeners = config.listeners("astm");
        this.store = store;
        this.resources = resources;
        this.zone = config.mapping().zone();
        for (BrokerConfig.Listener listener : listeners) {
            contexts.put(listener.name(), AstmListenerContext.of(listener, zone));
        }
    }

    /** Journal entries of ASTM listeners (also of ones no longer configured) go through {@link AstmEntryApplier}; before the applier starts. */
    void registerApplier(StoreApplier storeApplier, Metrics metrics) throws SQLException {
        this.storeApplier = storeApplier;
        applier = new AstmEntryApplier(contexts, zone, new PatientRegistry(), new OrderRepository(), new UnmatchedResultRepository());
        try (Connection connection = store.dataSource().getConnection()) {
            applier.refreshCounts(connection);
        }
        storeApplier.register(AstmIngestProcessor.PROTOCOL, applier);
        storeApplier.register(AstmIngestProcessor.PROTOCOL_INCOMPLETE, applier);
        metrics.gauge("medbroker_astm_results_without_order", "ASTM results stored without a matching order, waiting for review",
                applier::unmatchedNoOrder);
        metrics.gauge("medbroker_astm_lines_down", "ASTM tcp-client connections and serial ports the broker opens that are down now",
                this::linesDown);
        metrics.gauge("medbroker_astm_results_unmapped_code", "ASTM results whose analyzer code is not in the code map",
                applier::unmappedCodes);
    }

    /** @param accepting false while the listeners must refuse (ENQ answered NAK): the record store is down and the site refuses then */
    void addRoutes(Main main, Journal journal, Executor workers, IngestMetrics metrics, BooleanSupplier accepting) throws Exception {
        if (listeners.isEmpty()) {
            return;
        }
        main.bind("astm", new AstmComponent(accepting));
        HostQueryResponder queries = new HostQueryResponder(store.dataSource(), new OrderRepository(), new PatientRegistry(), zone,
                this::storedPatient);
        for (BrokerConfig.Listener listener : listeners) {
            AstmIngestProcessor ingest = new AstmIngestProcessor(contexts.get(listener.name()), journal, queries,
                    storeApplier::whenApplied, workers, metrics);
            main.configure().addRoutesBuilder(new AstmRouteBuilder(listener, ingest));
        }
    }

    /** After Camel started: the ports the tcp-server listeners are bound to; order download starts. */
    void started(CamelContext camelContext, Map<String, Integer> ports, List<AutoCloseable> started) throws Exception {
        this.camel = camelContext;
        List<AstmListenerContext> downloading = listeners.stream().filter(l -> l.astm().orElseThrow().orderDownload())
                .map(l -> contexts.get(l.name())).toList();
        if (!downloading.isEmpty()) {
            started.add(new AstmOrderDownloader(store.dataSource(), downloading, name -> consumer(name).orElse(null), zone,
                    java.time.Duration.ofMillis(250), this::storedPatient));
        }
        for (BrokerConfig.Listener listener : listeners) {
            if (consumer(listener) instanceof AstmTcpServerConsumer server) {
                ports.put(listener.name(), server.boundPort());
            }
        }
    }

    Optional<AstmConsumerSupport> consumer(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst().map(this::consumer);
    }

    private AstmConsumerSupport consumer(BrokerConfig.Listener listener) {
        return (AstmConsumerSupport) camel.getRoute(AstmRouteBuilder.routeId(listener)).getConsumer();
    }

    /** One check per listener whose line the broker opens (tcp-client, serial): down while it is not connected or open. */
    private Optional<Patient> storedPatient(String id) {
        return resources.read("Patient", id).map(Patient.class::cast);
    }

    List<HealthCheck> healthChecks() {
        return linesWeOpen().stream().map(l -> HealthCheck.ofProblem("astm-" + l.name(), () -> lineDown(l)
                ? Optional.of(l.astm().orElseThrow().transport() == AstmListenerSettings.Transport.SERIAL
                        ? "serial port " + l.astm().orElseThrow().serial().orElseThrow().port() + " is not open; reopening with backoff"
                        : "not connected to the analyzer at " + l.astm().orElseThrow().remoteHost() + "; reconnecting with backoff")
                : Optional.empty())).toList();
    }

    private List<BrokerConfig.Listener> linesWeOpen() {
        return listeners.stream().filter(l -> l.astm().orElseThrow().transport() != AstmListenerSettings.Transport.TCP_SERVER).toList();
    }

    private boolean lineDown(BrokerConfig.Listener listener) {
        return camel != null && consumer(listener.name()).map(c -> !c.linkUp()).orElse(true);
    }

    private double linesDown() {
        return linesWeOpen().stream().filter(this::lineDown).count();
    }
}
