package org.medbroker.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a destination of type {@code dicom} (a PACS fed by C-STORE, see {@code docs/routing.md}) and checks its routes. */
final class DicomDestinationReader {

    private DicomDestinationReader() {}

    static BrokerConfig.DicomDestination read(YamlSection s, String name, Path baseDir) {
        boolean enabled = s.has("enabled") && s.string("enabled", "").isBlank() ? false : s.bool("enabled", true);
        String called = s.string("calledAeTitle", "").trim();
        String calling = s.string("callingAeTitle", "MEDBROKER").trim();
        String host = s.string("host", "").trim();
        int port = s.integer("port", 104, 1, 65535);
        if (enabled) {
            if (!ConfigLoader.validAeTitle(called)) {
                s.reader().error(s.node(), "destination '" + name + "' needs 'calledAeTitle', the PACS's AE title (1 to 16"
                        + " characters of ASCII, no backslash), got '" + called + "'");
            }
            if (!ConfigLoader.validAeTitle(calling)) {
                s.reader().error(s.node(), "destination '" + name + "': callingAeTitle '" + calling
                        + "' must be 1 to 16 characters of ASCII, no backslash");
            }
            if (host.isEmpty()) {
                s.reader().error(s.node(), "destination '" + name + "' needs 'host', where the PACS listens");
            }
        }
        Optional<BrokerConfig.ClientTls> tls = OutboundDestinationReader.readTls(s, baseDir);
        Duration connectTimeout = s.parsed("connectTimeout", "10s", ConfigLoader::duration, "a duration such as 10s");
        Duration storeTimeout = s.parsed("storeTimeout", "60s", ConfigLoader::duration, "a duration such as 60s");
        int maxPduLength = s.integer("maxPduLength", 131_072, 4_096, 16_777_216);
        int maxAttempts = s.integer("maxAttempts", 10, 1, 1_000_000);
        Duration initialBackoff = s.parsed("initialBackoff", "5s", ConfigLoader::duration, "a duration such as 5s");
        Duration maxBackoff = s.parsed("maxBackoff", "5m", ConfigLoader::duration, "a duration such as 5m");
        boolean ordered = s.bool("orderedPerPatient", false);
        Duration alertAfter = s.parsed("alertAfter", "1h", ConfigLoader::duration, "a duration such as 1h");
        BrokerConfig.DestinationFilter filter = OutboundDestinationReader.readFilter(s.section("filter"));
        if (!filter.messageTypes().isEmpty() || !filter.patientClasses().isEmpty() || !filter.testCodes().isEmpty()) {
            s.reader().error(s.node(), "destination '" + name + "' receives studies, not HL7 messages: its filter takes"
                    + " 'listeners' and 'modalities' only");
        }
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            s.reader().error(s.node(), "destination '" + name + "': 'initialBackoff' is longer than 'maxBackoff'");
        }
        return new BrokerConfig.DicomDestination(enabled, called, host, port, calling, tls, connectTimeout, storeTimeout,
                maxPduLength, new BrokerConfig.Delivery(maxAttempts, initialBackoff, maxBackoff, ordered, alertAfter, filter));
    }

    /** A dicom destination forwards studies: only routes from DICOM listeners may lead to it. */
    static void checkRoute(ConfigReader reader, YamlSection route, String from, String destination,
            List<BrokerConfig.Listener> listeners, List<BrokerConfig.Destination> destinations) {
        boolean toDicom = destinations.stream().anyMatch(d -> d.name().equals(destination) && "dicom".equals(d.type()));
        Optional<BrokerConfig.Listener> listener = listeners.stream().filter(l -> l.name().equals(from)).findFirst();
        if (toDicom && listener.isPresent() && !"dicom".equals(listener.get().type())) {
            reader.error(route.node(), "route from '" + from + "' to '" + destination + "': a dicom destination receives"
                    + " studies, so only DICOM listeners can be routed to it");
        }
    }
}
