package org.medbroker.engine;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.medbroker.connectors.dicom.service.DicomServer;
import org.medbroker.connectors.hl7.Hl7MllpComponent;
import org.medbroker.connectors.hl7.Hl7MllpTcpServerConsumer;
import org.medbroker.connectors.hl7.message.AckBuilder;
import org.medbroker.engine.admin.AdminApiServlet;
import org.medbroker.engine.admin.JournalAdmin;
import org.medbroker.engine.admin.RetentionPruner;
import org.medbroker.engine.auth.TokenSecrets;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.fhir.FhirEndpoint;
import org.medbroker.engine.fhir.interceptors.AccessToken;
import org.medbroker.engine.fhir.interceptors.TokenAuthority;
import org.medbroker.engine.http.HttpServer;
import org.medbroker.engine.http.TlsSettings;
import org.medbroker.engine.imaging.DicomListener;
import org.medbroker.engine.imaging.ImagingCheckpointer;
import org.medbroker.engine.imaging.ImagingMetrics;
import org.medbroker.engine.imaging.ImagingStore;
import org.medbroker.engine.imaging.IndexQueryProvider;
import org.medbroker.engine.imaging.StorageLayout;
import org.medbroker.engine.imaging.StudyPublisher;
import org.medbroker.engine.ingest.Hl7IngestProcessor;
import org.medbroker.engine.ingest.Hl7Preparer;
import org.medbroker.engine.ingest.IngestMetrics;
import org.medbroker.engine.ingest.ListenerContext;
import org.medbroker.engine.ingest.MappingWriter;
import org.medbroker.engine.ingest.PreparedCache;
import org.medbroker.engine.ingest.StoreApplier;
import org.medbroker.engine.journal.Journal;
import org.medbroker.engine.journal.JournalSettings;
import org.medbroker.engine.ops.HealthCheck;
import org.medbroker.engine.ops.HealthServlet;
import org.medbroker.engine.ops.Metrics;
import org.medbroker.engine.ops.MetricsServlet;
import org.medbroker.engine.outbound.Outbound;
import org.medbroker.engine.routes.Hl7MllpRouteBuilder;
import org.medbroker.engine.store.ImagingIndex;
import org.medbroker.engine.store.MessageRepository;
import org.medbroker.engine.store.OrderRepository;
import org.medbroker.engine.store.PatientRegistry;
import org.medbroker.engine.store.RecordStore;
import org.medbroker.engine.store.StoreAvailability;
import org.medbroker.engine.store.StoreSettings;
import org.medbroker.engine.store.audit.AuditLog;
import org.medbroker.engine.store.resource.ResourceStore;
import org.medbroker.mappings.hl7v2.Hl7v2ToFhirMapper;
import org.medbroker.mappings.hl7v2.MappingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running broker: record store, journal, store applier, listeners and the HTTP endpoint. */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    /** How long a study's objects must stop arriving before its ImagingStudy is written. */
    private static final Duration STUDY_QUIET_PERIOD = Duration.ofSeconds(2);
    /** How long without an answer from the record store before HL7 listeners refuse messages (store.whenUnavailable). */
    private static final Duration STORE_DOWN_AFTER = Duration.ofSeconds(2);

    private final List<AutoCloseable> started = new ArrayList<>();
    private RecordStore store;
    private Journal journal;
    private StoreApplier applier;
    private Outbound outbound;
    private HttpServer http;
    private Main camel;
    private final Map<String, Integer> listenerPorts = new LinkedHashMap<>();
    private AstmListeners astm;

    private Broker() {}

    public static Broker start(BrokerConfig config) throws Exception {
        Broker broker = new Broker();
        try {
            broker.startAll(config);
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private void startAll(BrokerConfig config) throws Exception {
        long begin = System.nanoTime();
        Files.createDirectories(config.dataDir());
        store = RecordStore.open(storeSettings(config));
        started.add(store);

        FhirContext fhir = FhirContext.forR4Cached();
        ResourceStore resources = new ResourceStore(store.dataSource(), fhir);
        MessageRepository messages = new MessageRepository();
        long applied;
        try (Connection connection = store.dataSource().getConnection()) {
            applied = messages.appliedSeq(connection);
        }
        journal = Journal.open(config.dataDir().resolve("journal"), JournalSettings.defaults(), applied + 1);
        started.add(journal);

        Metrics metrics = new Metrics();
        IngestMetrics ingestMetrics = new IngestMetrics(metrics);
        MappingOptions defaults = MappingOptions.defaults();
        Map<String, String> systems = new HashMap<>(defaults.identifierSystems());
        systems.putAll(config.mapping().identifierSystems());
        MappingOptions mappingOptions = new MappingOptions(systems, config.mapping().zone());
        Hl7v2ToFhirMapper mapper = new Hl7v2ToFhirMapper(mappingOptions);
        Hl7Preparer preparer = new Hl7Preparer(mapper);
        PreparedCache cache = new PreparedCache(10_000);
        Map<String, ListenerContext> listeners = new LinkedHashMap<>();
        for (BrokerConfig.Listener listener : config.listeners()) {
            listeners.put(listener.name(), new ListenerContext(listener.name(), listener.defaultCharset(), listener.ackMode()));
        }
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), daemonThreads("prepare"));
        started.add(workers::shutdown);
        MappingWriter writer = new MappingWriter(fhir, new PatientRegistry(), new OrderRepository());
        outbound = Outbound.create(config, store.dataSource(), metrics, preparer, fhir);
        applier = new StoreApplier(journal, store, messages, writer, resources, preparer, cache, workers, listeners, ingestMetrics,
                applied, outbound.enqueuer());
        astm = new AstmListeners(config, store, resources);
        astm.registerApplier(applier, metrics);
        applier.deferWhileBusy(config.store().maxApplyDelay());
        metrics.gauge("medbroker_store_apply_backlog", "Journaled messages not yet applied to the record store",
                applier::backlog);
        applier.start();
        started.add(applier);
        outbound.start();
        started.add(outbound);


        List<AccessToken> tokens = new ArrayList<>();
        for (BrokerConfig.Token token : config.tokens()) {
            tokens.add(new AccessToken(token.name(), TokenSecrets.secretOf(token, config.dataDir()), token.scopes()));
        }
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        servlets.put("/fhir/*", FhirEndpoint.create(fhir, resources, new TokenAuthority(tokens), new AuditLog(store.dataSource())));
        Map<String, java.nio.charset.Charset> charsets = new LinkedHashMap<>();
        listeners.forEach((name, context) -> charsets.put(name, context.defaultCharset()));
        JournalAdmin journalAdmin = new JournalAdmin(store.dataSource(), preparer, writer, resources, outbound.enqueuer(), fhir,
                charsets);
        servlets.put("/admin/api/*", new AdminApiServlet(journalAdmin, new TokenAuthority(tokens), new AuditLog(store.dataSource())));
        started.add(RetentionPruner.of(config.listeners(), journalAdmin, metrics).start());
        servlets.put("/metrics", new MetricsServlet(metrics));
        HealthServlet health = new HealthServlet(healthChecks());
        servlets.put("/health", health);
        servlets.put("/health/*", health);
        http = new HttpServer(config.http().bind(), config.http().port(),
                config.http().tls().map(t -> new TlsSettings(t.keyStore(), t.keyStorePassword(), t.keyStoreType())), servlets);
        started.add(http);
        // The FHIR server takes seconds to build (HAPI scans its providers): it starts beside the
        // listeners, which need only the journal and the applier.
        CompletableFuture<Void> httpStarted = CompletableFuture.runAsync(http::start);
        camel = new Main();
        camel.setShutdownStrategy(new SimpleMainShutdownStrategy());
        camel.bind("hl7mllp", new Hl7MllpComponent());
        AckBuilder acks = new AckBuilder("MEDBROKER", "MEDBROKER");
        BooleanSupplier accepting = () -> true;
        if (config.store().whenUnavailable() == BrokerConfig.WhenStoreDown.REFUSE) {
            StoreAvailability availability = new StoreAvailability(store, STORE_DOWN_AFTER).start();
            started.add(availability);
            accepting = availability::available;
        }
        for (BrokerConfig.Listener listener : config.listeners("hl7-mllp")) {
            Hl7IngestProcessor ingest = new Hl7IngestProcessor(listeners.get(listener.name()), journal, preparer, cache,
                    workers, acks, ingestMetrics, config.mapping().zone(), accepting);
            camel.configure().addRoutesBuilder(new Hl7MllpRouteBuilder(listener, ingest));
        }
        astm.addRoutes(camel, journal, workers, ingestMetrics, accepting);
        if (!config.camelRoutes().isEmpty()) {
            camel.configure().withRoutesIncludePattern(String.join(",",
                    config.camelRoutes().stream().map(p -> "file:" + p).toList()));
        }
        camel.configure().withName("medbroker").withJmxEnabled(false).withShutdownTimeout(10);
        camel.start();
        started.add(camel::stop);
        astm.started(camel.getCamelContext(), listenerPorts, started);
        for (BrokerConfig.Listener listener : config.listeners("hl7-mllp")) {
            Hl7MllpTcpServerConsumer consumer = (Hl7MllpTcpServerConsumer) camel.getCamelContext()
                    .getRoute(Hl7MllpRouteBuilder.routeId(listener)).getConsumer();
            listenerPorts.put(listener.name(), consumer.boundPort());
        }

        startImaging(config, resources, mappingOptions, metrics);
        httpStarted.join();
        log.info("medbroker started in {} ms: HTTP on port {}, listeners {}, data in {}",
                Duration.ofNanos(System.nanoTime() - begin).toMillis(), http.port(), listenerPorts, config.dataDir());
    }

    /** The DICOM listeners, their storage sinks and C-FIND over the index, and the ImagingStudy publisher. */
    private void startImaging(BrokerConfig config, ResourceStore resources, MappingOptions options, Metrics metrics)
            throws Exception {
        List<BrokerConfig.Listener> dicomListeners = config.listeners("dicom");
        if (dicomListeners.isEmpty()) {
            return;
        }
        ImagingIndex index = new ImagingIndex();
        ImagingMetrics imagingMetrics = new ImagingMetrics(metrics);
        StudyPublisher publisher = new StudyPublisher(store, index, resources, options, STUDY_QUIET_PERIOD, imagingMetrics,
                outbound.studyEvents());
        publisher.start();
        started.add(publisher);
        ImagingCheckpointer checkpointer = new ImagingCheckpointer(store).start();
        started.add(checkpointer);
        ExecutorService dicomWorkers = Executors.newFixedThreadPool(4, daemonThreads("dicom"));
        started.add(() -> {
            dicomWorkers.shutdown();
            dicomWorkers.awaitTermination(30, TimeUnit.SECONDS);
        });
        PatientRegistry patients = new PatientRegistry();
        IndexQueryProvider queries = new IndexQueryProvider(store);
        for (BrokerConfig.Listener listener : dicomListeners) {
            BrokerConfig.Dicom dicom = listener.dicom().orElseThrow();
            Path storageDir = DicomListener.storageDir(dicom, config.dataDir());
            ImagingStore sink = new ImagingStore(listener.name(), storageDir, new StorageLayout(dicom.layout()), dicom.duplicates(), dicom.fsync(),
                    store, index, patients, resources, options, imagingMetrics);
            checkpointer.open(sink);
            DicomServer server = DicomListener.start(listener, storageDir, sink, queries, dicomWorkers);
            started.add(server);
            listenerPorts.put(listener.name(), server.port());
        }
    }

    private List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new ArrayList<>(List.of(
                HealthCheck.ofProblem("store", () -> store.isReachable() ? Optional.empty() : Optional.of("record store unreachable")),
                HealthCheck.ofProblem("journal", () -> journal.lastFailure().map(e -> "journal cannot write: " + e.getMessage())),
                HealthCheck.ofProblem("applier", () -> applier.storeDown()
                        ? Optional.of(applier.backlog() + " message(s) wait for the record store")
                        : Optional.empty())));
        checks.addAll(outbound.healthChecks());
        checks.addAll(astm.healthChecks());
        return checks;
    }

    private static StoreSettings storeSettings(BrokerConfig config) {
        BrokerConfig.Store store = config.store();
        if (store.embedded()) {
            return StoreSettings.embedded(config.dataDir());
        }
        return new StoreSettings(store.jdbcUrl(), store.username(), store.password(), store.poolSize());
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The port a listener is bound to (differs from the configured one when that was 0). */
    public int listenerPort(String name) {
        return listenerPorts.get(name);
    }

    /** Connections open now on an ASTM listener. */
    public int astmConnections(String listener) {
        return astm.consumer(listener).map(c -> c.openConnections()).orElse(0);
    }

    public int httpPort() {
        return http.port();
    }

    public StoreApplier applier() {
        return applier;
    }

    public Journal journal() {
        return journal;
    }

    public RecordStore store() {
        return store;
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("MB-0001: error while stopping: {}", e.toString());
            }
        }
        started.clear();
    }
}
