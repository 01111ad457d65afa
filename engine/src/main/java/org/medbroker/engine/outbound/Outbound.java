package org.medbroker.engine.outbound;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.sql.DataSource;
import org.medbroker.connectors.hl7.client.MllpClient;
import ca.uhn.fhir.context.FhirContext;
import org.medbroker.engine.config.BrokerConfig;
import org.medbroker.engine.ingest.Hl7Preparer;
import org.medbroker.engine.ops.HealthCheck;
import org.medbroker.engine.ops.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound side of a broker: the enqueuer handed to the store applier, one dispatcher per
 * enabled outbound destination ({@code hl7-mllp}, {@code file}, {@code webhook}, {@code fhir}, {@code dicom}), their metrics
 * and health checks, and the enqueuer of study events.
 */
public final class Outbound implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outbound.class);
    private static final int MAX_ACK_BYTES = 1 << 20;

    private final OutboundEnqueuer enqueuer;
    private final StudyEventEnqueuer studyEvents;
    private final Map<String, Dispatcher> dispatchers;
    private final EventLoopGroup group;

    private Outbound(OutboundEnqueuer enqueuer, StudyEventEnqueuer studyEvents, Map<String, Dispatcher> dispatchers,
            EventLoopGroup group) {
        this.enqueuer = enqueuer;
        this.studyEvents = studyEvents;
        this.dispatchers = dispatchers;
        this.group = group;
    }

    /** Builds the destinations of {@code config}; nothing starts until {@link #start()}. */
    public static Outbound create(BrokerConfig config, DataSource dataSource, Metrics metrics, Hl7Preparer preparer,
            FhirContext fhir) throws Exception {
        OutboundQueue queue = new OutboundQueue();
        List<DestinationMatcher> matchers = new ArrayList<>();
        Map<String, BrokerConfig.Destination> enabled = new LinkedHashMap<>();
        for (BrokerConfig.Destination destination : config.destinations()) {
            Optional<BrokerConfig.Delivery> delivery = destination.hl7Mllp().map(BrokerConfig.Hl7MllpDestination::delivery)
                    .or(() -> destination.file().map(BrokerConfig.FileDestination::delivery))
                    .or(() -> destination.webhook().map(BrokerConfig.WebhookDestination::delivery))
                    .or(() -> destination.fhir().map(BrokerConfig.FhirDestination::delivery))
                    .or(() -> destination.dicom().map(BrokerConfig.DicomDestination::delivery));
            if (delivery.isEmpty()) {
                continue;
            }
            boolean on = destination.hl7Mllp().map(BrokerConfig.Hl7MllpDestination::enabled)
                    .or(() -> destination.file().map(BrokerConfig.FileDestination::enabled))
                    .or(() -> destination.webhook().map(BrokerConfig.WebhookDestination::enabled))
                    .or(() -> destination.fhir().map(BrokerConfig.FhirDestination::enabled))
                    .or(() -> destination.dicom().map(BrokerConfig.DicomDestination::enabled)).orElse(false);
            if (!on) {
                log.info("{}: destination disabled (enabled: false); nothing is queued for it", destination.name());
                continue;
            }
            Set<String> listeners = new LinkedHashSet<>();
            for (BrokerConfig.Route route : config.routes()) {
                if (route.to().contains(destination.name())) {
                    listeners.add(route.from());
                }
            }
            matchers.add(new DestinationMatcher(destination.name(), Set.copyOf(listeners), delivery.get().filter()));
            enabled.put(destination.name(), destination);
        }
        if (enabled.isEmpty()) {
            return new Outbound(OutboundEnqueuer.NONE, StudyEventEnqueuer.NONE, Map.of(), null);
        }
        EventLoopGroup group = enabled.values().stream().anyMatch(d -> d.hl7Mllp().isPresent())
                ? new NioEventLoopGroup(1, runnable -> {
                    Thread thread = new Thread(runnable, "outbound-mllp-io");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
        Map<String, Dispatcher> dispatchers = new LinkedHashMap<>();
        OutboundMetrics outboundMetrics = new OutboundMetrics(metrics, dispatchers);
        for (BrokerConfig.Destination destination : enabled.values()) {
            Transport transport;
            BrokerConfig.Delivery delivery;
            if (destination.hl7Mllp().isPresent()) {
                BrokerConfig.Hl7MllpDestination d = destination.hl7Mllp().get();
                transport = new Hl7MllpTransport(d, new MllpClient(group, d.host(), d.port(), sslContext(d.tls()),
                        d.connectTimeout(), MAX_ACK_BYTES));
                delivery = d.delivery();
            } else if (destination.file().isPresent()) {
                BrokerConfig.FileDestination d = destination.file().get();
                transport = new FileTransport(d);
                delivery = d.delivery();
            } else if (destination.webhook().isPresent()) {
                BrokerConfig.WebhookDestination d = destination.webhook().get();
                transport = new WebhookTransport(d);
                delivery = d.delivery();
            } else if (destination.dicom().isPresent()) {
                BrokerConfig.DicomDestination d = destination.dicom().get();
                transport = new DicomStoreTransport(d, dataSource, sslContext(d.tls()).orElse(null));
                delivery = d.delivery();
            } else {
                BrokerConfig.FhirDestination d = destination.fhir().orElseThrow();
                transport = new FhirTransport(d, preparer, fhir);
                delivery = d.delivery();
            }
            dispatchers.put(destination.name(), new Dispatcher(destination.name(), delivery, transport, dataSource, queue,
                    outboundMetrics));
        }
        // Study events: every outbound type but fhir (an ImagingStudy is read from our FHIR server);
        // journal messages: every type but dicom (the validator routes only DICOM listeners there).
        List<DestinationMatcher> studyMatchers = matchers.stream()
                .filter(m -> enabled.get(m.destination()).fhir().isEmpty()).toList();
        List<DestinationMatcher> messageMatchers = matchers.stream()
                .filter(m -> enabled.get(m.destination()).dicom().isEmpty()).toList();
        return new Outbound(new OutboundEnqueuer(messageMatchers, queue, ResultSetMessages.of(config.mapping())), new StudyEventEnqueuer(studyMatchers, queue),
                dispatchers, group);
    }

    public OutboundEnqueuer enqueuer() {
        return enqueuer;
    }

    /** Queues published studies, inside the publishing transaction. */
    public StudyEventEnqueuer studyEvents() {
        return studyEvents;
    }

    public void start() {
        dispatchers.values().forEach(Dispatcher::start);
    }

    /**
     * One check per destination: down when its oldest undelivered message is older than the
     * destination's {@code alertAfter}.
     */
    public List<HealthCheck> healthChecks() {
        List<HealthCheck> checks = new ArrayList<>();
        for (Dispatcher dispatcher : dispatchers.values()) {
            checks.add(HealthCheck.ofProblem("destination:" + dispatcher.name(), () -> {
                DestinationStats stats = dispatcher.stats();
                java.time.Duration age = stats.oldestAge(Instant.now());
                if (age.compareTo(dispatcher.config().alertAfter()) <= 0) {
                    return Optional.empty();
                }
                String problem = dispatcher.lastProblem();
                return Optional.of(stats.pending() + " message(s) undelivered, the oldest for " + age.toSeconds() + " s (threshold "
                        + dispatcher.config().alertAfter().toSeconds() + " s); circuit " + dispatcher.circuitState()
                        + (problem == null ? "" : "; last problem: " + problem));
            }));
        }
        return checks;
    }

    @Override
    public void close() throws InterruptedException {
        for (Dispatcher dispatcher : dispatchers.values()) {
            dispatcher.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    private static Optional<SslContext> sslContext(Optional<BrokerConfig.ClientTls> tls) throws Exception {
        if (tls.isEmpty()) {
            return Optional.empty();
        }
        // The MIS's certificate must name the host we connect to, as for HTTPS.
        SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
        if (tls.get().trustStore().isPresent()) {
            KeyStore trust = KeyStore.getInstance(tls.get().trustStoreType());
            try (InputStream in = Files.newInputStream(tls.get().trustStore().get())) {
                trust.load(in, tls.get().trustStorePassword().toCharArray());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            builder.trustManager(factory);
        }
        return Optional.of(builder.build());
    }
}
