package org.medbroker.engine.config;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medbroker.mappings.v2transform.TransformChain;

/** The whole validated configuration. Every path in it is absolute. */
public record BrokerConfig(
        Path sourceFile,
        Path dataDir,
        Store store,
        Http http,
        List<Token> tokens,
        List<Listener> listeners,
        List<Destination> destinations,
        List<Route> routes,
        Mapping mapping,
        List<Path> camelRoutes) {

    /**
     * The record store; an empty JDBC URL means the embedded H2 database below the data directory.
     * {@code maxApplyDelay}: how long journaled messages may wait unapplied while messages keep arriving.
     */
    public record Store(String jdbcUrl, String username, String password, int poolSize, WhenStoreDown whenUnavailable,
            java.time.Duration maxApplyDelay) {

        public static final java.time.Duration DEFAULT_APPLY_DELAY = java.time.Duration.ofSeconds(60);

        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }
    }

    /** What HL7 listeners answer while the record store cannot be reached. */
    public enum WhenStoreDown {
        /** AE: the sender keeps the message and resends it; nothing is taken that the store cannot hold. */
        REFUSE,
        /** AA once journaled: the journal holds the backlog and the store catches up when it is back. */
        JOURNAL
    }

    public record Http(String bind, int port, Optional<Tls> tls) {}

    /** A PKCS12 (or JKS) key store holding the listener's certificate and key. */
    public record Tls(Path keyStore, String keyStorePassword, String keyStoreType) {}

    /**
     * A bearer token. With {@code generate} and no secret, a random one is created once in the
     * data directory (owner-only permissions) and reused.
     */
    public record Token(String name, String secret, boolean generate, Set<String> scopes) {}

    public record Listener(
            String name,
            String type,
            String bind,
            int port,
            Optional<Tls> tls,
            List<String> allowedPeers,
            Charset defaultCharset,
            Duration idleTimeout,
            int maxMessageBytes,
            AckMode ackMode,
            Optional<Dicom> dicom,
            Optional<AstmListenerSettings> astm,
            Optional<Duration> retention) {

        public Listener(String name, String type, String bind, int port, Optional<Tls> tls, List<String> allowedPeers,
                Charset defaultCharset, Duration idleTimeout, int maxMessageBytes, AckMode ackMode) {
            this(name, type, bind, port, tls, allowedPeers, defaultCharset, idleTimeout, maxMessageBytes, ackMode, Optional.empty(),
                    Optional.empty());
        }

        /** Journaled messages kept forever. */
        public Listener(String name, String type, String bind, int port, Optional<Tls> tls, List<String> allowedPeers,
                Charset defaultCharset, Duration idleTimeout, int maxMessageBytes, AckMode ackMode, Optional<Dicom> dicom,
                Optional<AstmListenerSettings> astm) {
            this(name, type, bind, port, tls, allowedPeers, defaultCharset, idleTimeout, maxMessageBytes, ackMode, dicom, astm,
                    Optional.empty());
        }

        public boolean isAstm() {
            return astm.isPresent();
        }
    }

    /**
     * A DICOM listener's own settings.
     *
     * @param callingAeTitles calling AE title to the hosts it may connect from (comma-separated, empty: any);
     *                        an empty map admits every calling AE title
     * @param storageDir      where objects are kept; relative paths are below the data directory
     * @param layout          path of an object below {@code storageDir}, with {@code {Tag keyword}} placeholders
     * @param fsync           each object is on disk (fsync) before its C-STORE-RSP; off trades a power cut's
     *                        last objects for speed, as dcmtk's storescp always does
     * @param maxPduLength    the largest P-DATA PDU we accept, offered to the sender
     */
    public record Dicom(String aeTitle, Map<String, String> callingAeTitles, Path storageDir, String layout,
            DuplicatePolicy duplicates, boolean fsync, int maxPduLength) {}

    /** What a second object with a SOP Instance UID already stored does. */
    public enum DuplicatePolicy {
        /** The stored object stays; the sender is told so (status 0111, duplicate SOP instance). */
        KEEP,
        /** The new object replaces the stored one. */
        REPLACE
    }

    /** When a listener acknowledges. */
    public enum AckMode {
        /**
         * After the journal's fsync and the MSH and field checks: the short path. The full mapping
         * runs after the ACK; a message it rejects is kept with status error for a person.
         */
        JOURNALED,
        /** After the journal's fsync and the full parse and mapping: AE for every mapping error, at a CPU cost per message. */
        MAPPED
    }

    /** A destination; {@code hl7Mllp} is present for type {@code hl7-mllp}, {@code file} for type {@code file}. */
    public record Destination(String name, String type, Optional<Hl7MllpDestination> hl7Mllp, Optional<FileDestination> file,
            Optional<WebhookDestination> webhook, Optional<FhirDestination> fhir, Optional<DicomDestination> dicom) {
        public Destination(String name, String type, Optional<Hl7MllpDestination> hl7Mllp, Optional<FileDestination> file,
                Optional<WebhookDestination> webhook, Optional<FhirDestination> fhir) {
            this(name, type, hl7Mllp, file, webhook, fhir, Optional.empty());
        }

        public Destination(String name, String type) {
            this(name, type, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public Destination(String name, String type, Optional<Hl7MllpDestination> hl7Mllp) {
            this(name, type, hl7Mllp, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * An external FHIR R4 server that receives each message's mapped resources as one transaction
     * Bundle of conditional updates; {@code bearerToken} or {@code username}/{@code password} (basic) authenticate.
     */
    public record FhirDestination(boolean enabled, java.net.URI baseUrl, String bearerToken, String username, String password,
            Duration timeout, Delivery delivery) {
        @Override
        public String toString() {
            return "FhirDestination[baseUrl=" + baseUrl + "]";
        }
    }

    /** An HTTP(S) endpoint that receives each message as a JSON event, signed with HMAC-SHA256 over the secret. */
    public record WebhookDestination(boolean enabled, java.net.URI url, String secret, Duration timeout, String sendingApplication,
            String sendingFacility, Delivery delivery) {
        @Override
        public String toString() {
            return "WebhookDestination[url=" + url + "]";
        }
    }

    /**
     * A PACS (any storage SCP) that receives every stored instance of each study a DICOM listener
     * routed to it makes available, by C-STORE over one association per study.
     *
     * @param callingAeTitle our AE title towards the PACS
     * @param tls            DICOM over TLS (PS3.15 B.1); the PACS's certificate must name {@code host}
     * @param storeTimeout   longest wait for one C-STORE-RSP
     */
    public record DicomDestination(boolean enabled, String calledAeTitle, String host, int port, String callingAeTitle,
            Optional<ClientTls> tls, Duration connectTimeout, Duration storeTimeout, int maxPduLength, Delivery delivery) {}

    /** How a destination's queue is delivered, whatever the transport. */
    public record Delivery(int maxAttempts, Duration initialBackoff, Duration maxBackoff, boolean orderedPerPatient,
            Duration alertAfter, DestinationFilter filter) {}

    /**
     * A folder that receives each message as one file, written atomically (temporary file, fsync,
     * rename) and named by the stable outbound control id, so a resend replaces rather than adds.
     * {@code transforms} edit each HL7 message before it is written.
     */
    public record FileDestination(boolean enabled, Path directory, String sendingApplication, String sendingFacility,
            Delivery delivery, TransformChain transforms) {}

    /**
     * An MIS (or any HL7 v2 receiver) over MLLP, fed through the durable outbound queue.
     * {@code enabled: false} keeps the destination configured but queues nothing for it;
     * {@code transforms} edit each message before it is sent.
     */
    public record Hl7MllpDestination(
            boolean enabled,
            String host,
            int port,
            Optional<ClientTls> tls,
            Duration connectTimeout,
            Duration ackTimeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff,
            boolean orderedPerPatient,
            Duration alertAfter,
            String sendingApplication,
            String sendingFacility,
            String receivingApplication,
            String receivingFacility,
            DestinationFilter filter,
            TransformChain transforms) {

        public Delivery delivery() {
            return new Delivery(maxAttempts, initialBackoff, maxBackoff, orderedPerPatient, alertAfter, filter);
        }
    }

    /** TLS towards a peer: its certificate is checked against this trust store (or the JVM's when none is given). */
    public record ClientTls(Optional<Path> trustStore, String trustStorePassword, String trustStoreType) {}

    /**
     * Which messages a destination takes; an empty set matches everything. {@code messageTypes},
     * {@code patientClasses} and {@code testCodes} filter HL7 messages, {@code modalities} (any of a
     * study's) filters study events.
     */
    public record DestinationFilter(Set<String> listeners, Set<String> messageTypes, Set<String> patientClasses,
            Set<String> testCodes, Set<String> modalities) {
        public DestinationFilter(Set<String> listeners, Set<String> messageTypes, Set<String> patientClasses,
                Set<String> testCodes) {
            this(listeners, messageTypes, patientClasses, testCodes, Set.of());
        }
    }

    public record Route(String from, List<String> to) {}

    public record Mapping(ZoneId zone, Map<String, String> identifierSystems) {}

    /** The listeners of one type ({@code hl7-mllp}, {@code astm}). */
    public List<Listener> listeners(String type) {
        return listeners.stream().filter(l -> l.type().equals(type)).toList();
    }

    public Optional<Listener> listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
