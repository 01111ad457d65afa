package org.medbroker.engine.config;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** The record store; an empty JDBC URL means the embedded H2 database below the data directory. */
    public record Store(String jdbcUrl, String username, String password, int poolSize) {
        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }
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
            Optional<Dicom> dicom) {}

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

    public record Destination(String name, String type) {}

    public record Route(String from, List<String> to) {}

    public record Mapping(ZoneId zone, Map<String, String> identifierSystems) {}

    public Optional<Listener> listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
