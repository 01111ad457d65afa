package org.medbroker.engine.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.medbroker.mappings.v2transform.TransformChain;

/** Reads the keys of the outbound destinations, {@code hl7-mllp}, {@code file} and {@code webhook} (see {@code docs/routing.md}); transforms by {@link TransformReader}. */
final class OutboundDestinationReader {

    private OutboundDestinationReader() {}

    static BrokerConfig.Hl7MllpDestination read(YamlSection s, String name, Path baseDir) {
        // Present but empty (e.g. ${MEDBROKER_MIS_MLLP:+true} with the variable unset) means disabled.
        boolean enabled = s.has("enabled") && s.string("enabled", "").isBlank() ? false : s.bool("enabled", true);
        String address = s.string("address", "").trim();
        String host = "";
        int port = 0;
        if (enabled) {
            int colon = address.lastIndexOf(':');
            try {
                host = address.substring(0, colon);
                port = Integer.parseInt(address.substring(colon + 1));
                if (host.isBlank() || port < 1 || port > 65535) {
                    throw new IllegalArgumentException(address);
                }
            } catch (RuntimeException e) {
                s.reader().error(s.node(), "destination '" + name + "' needs 'address' as host:port, got '" + address + "'");
            }
        }
        Optional<BrokerConfig.ClientTls> tls = readTls(s, baseDir);
        Duration connectTimeout = s.parsed("connectTimeout", "5s", ConfigLoader::duration, "a duration such as 5s");
        Duration ackTimeout = s.parsed("ackTimeout", "30s", ConfigLoader::duration, "a duration such as 30s");
        int maxAttempts = s.integer("maxAttempts", 10, 1, 1_000_000);
        Duration initialBackoff = s.parsed("initialBackoff", "1s", ConfigLoader::duration, "a duration such as 1s");
        Duration maxBackoff = s.parsed("maxBackoff", "60s", ConfigLoader::duration, "a duration such as 5m");
        boolean ordered = s.bool("orderedPerPatient", true);
        Duration alertAfter = s.parsed("alertAfter", "15m", ConfigLoader::duration, "a duration such as 15m");
        String sendingApplication = s.string("sendingApplication", "MEDBROKER");
        String sendingFacility = s.string("sendingFacility", "MEDBROKER");
        String receivingApplication = s.string("receivingApplication", "");
        String receivingFacility = s.string("receivingFacility", "");
        BrokerConfig.DestinationFilter filter = readFilter(s.section("filter"));
        TransformChain transforms = TransformReader.read(s, name, baseDir);
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            s.reader().error(s.node(), "destination '" + name + "': 'initialBackoff' is longer than 'maxBackoff'");
        }
        for (String value : new String[] {sendingApplication, sendingFacility, receivingApplication, receivingFacility}) {
            if (value.contains("|")) {
                s.reader().error(s.node(), "destination '" + name + "': application and facility names cannot contain '|'");
            }
        }
        return new BrokerConfig.Hl7MllpDestination(enabled, host, port, tls, connectTimeout, ackTimeout, maxAttempts,
                initialBackoff, maxBackoff, ordered, alertAfter, sendingApplication, sendingFacility, receivingApplication,
                receivingFacility, filter, transforms);
    }

    static BrokerConfig.FileDestination readFile(YamlSection s, String name, Path baseDir) {
        boolean enabled = s.has("enabled") && s.string("enabled", "").isBlank() ? false : s.bool("enabled", true);
        String directory = s.string("directory", "").trim();
        if (enabled && directory.isEmpty()) {
            s.reader().error(s.node(), "destination '" + name + "' needs a 'directory'");
        }
        Path path = baseDir.resolve(directory.isEmpty() ? "." : directory).normalize();
        int maxAttempts = s.integer("maxAttempts", 10, 1, 1_000_000);
        Duration initialBackoff = s.parsed("initialBackoff", "1s", ConfigLoader::duration, "a duration such as 1s");
        Duration maxBackoff = s.parsed("maxBackoff", "60s", ConfigLoader::duration, "a duration such as 60s");
        boolean ordered = s.bool("orderedPerPatient", false);
        Duration alertAfter = s.parsed("alertAfter", "15m", ConfigLoader::duration, "a duration such as 15m");
        String sendingApplication = s.string("sendingApplication", "MEDBROKER");
        String sendingFacility = s.string("sendingFacility", "MEDBROKER");
        BrokerConfig.DestinationFilter filter = readFilter(s.section("filter"));
        TransformChain transforms = TransformReader.read(s, name, baseDir);
        return new BrokerConfig.FileDestination(enabled, path, sendingApplication, sendingFacility,
                new BrokerConfig.Delivery(maxAttempts, initialBackoff, maxBackoff, ordered, alertAfter, filter), transforms);
    }

    static BrokerConfig.WebhookDestination readWebhook(YamlSection s, String name) {
        boolean enabled = s.has("enabled") && s.string("enabled", "").isBlank() ? false : s.bool("enabled", true);
        String url = s.string("url", "").trim();
        java.net.URI uri = java.net.URI.create("http://localhost/");
        String secret = s.string("secret", "");
        if (enabled) {
            try {
                uri = java.net.URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException(url);
                }
            } catch (IllegalArgumentException e) {
                s.reader().error(s.node(), "destination '" + name + "' needs 'url' as http(s)://host[:port]/path, got '" + url + "'");
            }
            if (secret.length() < 16) {
                s.reader().error(s.node(), "destination '" + name + "' needs a 'secret' of at least 16 characters to sign its events");
            }
        }
        Duration timeout = s.parsed("timeout", "30s", ConfigLoader::duration, "a duration such as 30s");
        int maxAttempts = s.integer("maxAttempts", 10, 1, 1_000_000);
        Duration initialBackoff = s.parsed("initialBackoff", "1s", ConfigLoader::duration, "a duration such as 1s");
        Duration maxBackoff = s.parsed("maxBackoff", "60s", ConfigLoader::duration, "a duration such as 60s");
        boolean ordered = s.bool("orderedPerPatient", false);
        Duration alertAfter = s.parsed("alertAfter", "15m", ConfigLoader::duration, "a duration such as 15m");
        String sendingApplication = s.string("sendingApplication", "MEDBROKER");
        String sendingFacility = s.string("sendingFacility", "MEDBROKER");
        BrokerConfig.DestinationFilter filter = readFilter(s.section("filter"));
        return new BrokerConfig.WebhookDestination(enabled, uri, secret, timeout, sendingApplication, sendingFacility,
                new BrokerConfig.Delivery(maxAttempts, initialBackoff, maxBackoff, ordered, alertAfter, filter));
    }

    static BrokerConfig.FhirDestination readFhir(YamlSection s, String name) {
        boolean enabled = s.has("enabled") && s.string("enabled", "").isBlank() ? false : s.bool("enabled", true);
        String url = s.string("baseUrl", "").trim();
        java.net.URI uri = java.net.URI.create("http://localhost/fhir");
        if (enabled) {
            try {
                uri = java.net.URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException(url);
                }
            } catch (IllegalArgumentException e) {
                s.reader().error(s.node(), "destination '" + name + "' needs 'baseUrl' as http(s)://host[:port]/path, got '" + url + "'");
            }
        }
        String bearer = s.string("bearerToken", "");
        String username = s.string("username", "");
        String password = s.string("password", "");
        if (!bearer.isEmpty() && !username.isEmpty()) {
            s.reader().error(s.node(), "destination '" + name + "': give either 'bearerToken' or 'username'/'password', not both");
        }
        Duration timeout = s.parsed("timeout", "30s", ConfigLoader::duration, "a duration such as 30s");
        int maxAttempts = s.integer("maxAttempts", 10, 1, 1_000_000);
        Duration initialBackoff = s.parsed("initialBackoff", "1s", ConfigLoader::duration, "a duration such as 1s");
        Duration maxBackoff = s.parsed("maxBackoff", "60s", ConfigLoader::duration, "a duration such as 60s");
        boolean ordered = s.bool("orderedPerPatient", true);
        Duration alertAfter = s.parsed("alertAfter", "15m", ConfigLoader::duration, "a duration such as 15m");
        BrokerConfig.DestinationFilter filter = readFilter(s.section("filter"));
        return new BrokerConfig.FhirDestination(enabled, uri, bearer, username, password, timeout,
                new BrokerConfig.Delivery(maxAttempts, initialBackoff, maxBackoff, ordered, alertAfter, filter));
    }

    static Optional<BrokerConfig.ClientTls> readTls(YamlSection s, Path baseDir) {
        Optional<YamlSection> section = s.section("tls");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        YamlSection t = section.get();
        boolean enabled = t.bool("enabled", true);
        String trustStore = t.string("trustStore", "").trim();
        String password = t.string("trustStorePassword", "");
        String type = t.string("trustStoreType", "PKCS12");
        t.rejectUnknownKeys("tls");
        if (!enabled) {
            return Optional.empty();
        }
        Optional<Path> path = trustStore.isEmpty() ? Optional.empty() : Optional.of(baseDir.resolve(trustStore).normalize());
        path.filter(p -> !Files.isReadable(p))
                .ifPresent(p -> t.reader().error(t.node(), "TLS trust store " + p + " cannot be read"));
        return Optional.of(new BrokerConfig.ClientTls(path, password, type));
    }

    static BrokerConfig.DestinationFilter readFilter(Optional<YamlSection> section) {
        if (section.isEmpty()) {
            return new BrokerConfig.DestinationFilter(Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
        }
        YamlSection f = section.get();
        BrokerConfig.DestinationFilter filter = new BrokerConfig.DestinationFilter(set(f, "listeners"), set(f, "messageTypes"),
                set(f, "patientClasses"), set(f, "testCodes"), set(f, "modalities"));
        f.rejectUnknownKeys("filter");
        return filter;
    }

    private static Set<String> set(YamlSection s, String key) {
        return Set.copyOf(new LinkedHashSet<>(s.strings(key).stream().map(String::trim).filter(v -> !v.isEmpty()).toList()));
    }
}
