package org.medbroker.engine.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates {@code medbroker.yaml}; see {@code docs/configuration.md} for every key. */
public final class ConfigLoader {

    static final Set<String> LISTENER_TYPES = Set.of("hl7-mllp", "astm", "dicom");
    static final Set<String> DESTINATION_TYPES = Set.of("store", "hl7-mllp", "file", "webhook", "fhir", "dicom");
    static final Set<String> SCOPES = Set.of("admin", "fhir:read");

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** The validated configuration, or every problem found in the file at once. */
    public BrokerConfig load(Path file) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        ConfigReader reader = new ConfigReader(absolute, new EnvironmentSubstitution(environment));
        Optional<Node> root;
        try (Reader in = Files.newBufferedReader(absolute, StandardCharsets.UTF_8)) {
            root = new Compose(LoadSettings.builder().setLabel(absolute.toString()).build()).composeReader(in);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            throw new ConfigException(List.of(new ConfigError(absolute, line, "not valid YAML: " + e.getProblem())));
        } catch (YamlEngineException | IOException e) {
            throw new ConfigException(List.of(new ConfigError(absolute, 1, "cannot read: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            throw new ConfigException(List.of(new ConfigError(absolute, 1, "the file is empty")));
        }
        BrokerConfig config = read(reader, new YamlSection(reader, root.get()), absolute.getParent());
        if (!reader.errors().isEmpty()) {
            throw new ConfigException(reader.errors());
        }
        return config;
    }

    private BrokerConfig read(ConfigReader reader, YamlSection root, Path baseDir) {
        Path dataDir = baseDir.resolve(root.string("dataDir", "data")).toAbsolutePath().normalize();
        BrokerConfig.Store store = readStore(root.section("store"));
        BrokerConfig.Http http = readHttp(reader, root.section("http"), baseDir);
        List<BrokerConfig.Token> tokens = readTokens(reader, root.sections("tokens"));
        List<BrokerConfig.Listener> listeners = readListeners(reader, root.sections("listeners"), baseDir);
        List<BrokerConfig.Destination> destinations = readDestinations(reader, root.sections("destinations"), baseDir);
        List<BrokerConfig.Route> routes = readRoutes(reader, root.sections("routes"), listeners, destinations);
        BrokerConfig.Mapping mapping = readMapping(root.section("mapping"));
        List<Path> camelRoutes = root.strings("camelRoutes").stream().map(p -> baseDir.resolve(p).normalize()).toList();
        for (Path camelRoute : camelRoutes) {
            if (!camelRoute.getFileName().toString().contains("*") && !Files.isRegularFile(camelRoute)) {
                reader.error(root.node(), "camel route file " + camelRoute + " does not exist");
            }
        }
        checkPortsDistinct(reader, http, listeners, root);
        root.rejectUnknownKeys("the top level");
        return new BrokerConfig(reader.file(), dataDir, store, http, tokens, listeners, destinations, routes, mapping, camelRoutes);
    }

    private BrokerConfig.Store readStore(Optional<YamlSection> section) {
        if (section.isEmpty()) {
            return new BrokerConfig.Store("", "", "", 8, BrokerConfig.WhenStoreDown.REFUSE, BrokerConfig.Store.DEFAULT_APPLY_DELAY);
        }
        YamlSection s = section.get();
        String url = s.string("jdbcUrl", "").trim();
        String username = s.string("username", "");
        String password = s.string("password", "");
        int poolSize = s.integer("poolSize", 8, 2, 200);
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            s.reader().error(s.node(), "'jdbcUrl' must start with jdbc:postgresql: or jdbc:h2: (empty: embedded store)");
        }
        BrokerConfig.WhenStoreDown whenDown = s.parsed("whenUnavailable", "refuse",
                v -> BrokerConfig.WhenStoreDown.valueOf(v.toUpperCase(Locale.ROOT)), "refuse or journal");
        Duration maxApplyDelay = s.parsed("maxApplyDelay", "60s", ConfigLoader::duration, "a duration such as 60s (0s: never defer)");
        s.rejectUnknownKeys("store");
        return new BrokerConfig.Store(url, username, password, poolSize, whenDown, maxApplyDelay);
    }

    private BrokerConfig.Http readHttp(ConfigReader reader, Optional<YamlSection> section, Path baseDir) {
        if (section.isEmpty()) {
            return new BrokerConfig.Http("0.0.0.0", 8080, Optional.empty());
        }
        YamlSection s = section.get();
        BrokerConfig.Http http = new BrokerConfig.Http(s.string("bind", "0.0.0.0"), s.integer("port", 8080, 0, 65535),
                readTls(reader, s.section("tls"), baseDir));
        s.rejectUnknownKeys("http");
        return http;
    }

    private Optional<BrokerConfig.Tls> readTls(ConfigReader reader, Optional<YamlSection> section, Path baseDir) {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        YamlSection s = section.get();
        String keyStore = s.string("keyStore", "").trim();
        String password = s.string("keyStorePassword", "");
        String type = s.string("keyStoreType", "PKCS12");
        s.rejectUnknownKeys("tls");
        if (keyStore.isEmpty()) {
            return Optional.empty();
        }
        Path path = baseDir.resolve(keyStore).normalize();
        if (!Files.isReadable(path)) {
            reader.error(s.node(), "TLS key store " + path + " cannot be read");
        }
        return Optional.of(new BrokerConfig.Tls(path, password, type));
    }

    private List<BrokerConfig.Token> readTokens(ConfigReader reader, List<YamlSection> sections) {
        List<BrokerConfig.Token> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlSection s : sections) {
            String name = s.requiredString("name");
            String secret = s.string("secret", "");
            boolean generate = s.bool("generate", false);
            Set<String> scopes = new LinkedHashSet<>(s.strings("scopes"));
            if (!names.add(name)) {
                reader.error(s.node(), "token name '" + name + "' is used twice");
            }
            if (secret.isEmpty() && !generate) {
                reader.error(s.node(), "token '" + name + "' has no secret; set 'secret' or 'generate: true'");
            }
            if (!secret.isEmpty() && secret.length() < 16) {
                reader.error(s.node(), "token '" + name + "' is shorter than 16 characters; use a long random secret");
            }
            if (scopes.isEmpty()) {
                reader.error(s.node(), "token '" + name + "' has no scopes; known scopes: " + new java.util.TreeSet<>(SCOPES));
            }
            for (String scope : scopes) {
                if (!SCOPES.contains(scope)) {
                    reader.error(s.node(), "unknown scope '" + scope + "'; known scopes: " + new java.util.TreeSet<>(SCOPES));
                }
            }
            s.rejectUnknownKeys("token '" + name + "'");
            tokens.add(new BrokerConfig.Token(name, secret, generate, Set.copyOf(scopes)));
        }
        return tokens;
    }

    private List<BrokerConfig.Listener> readListeners(ConfigReader reader, List<YamlSection> sections, Path baseDir) {
        List<BrokerConfig.Listener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlSection s : sections) {
            String name = s.requiredString("name");
            String type = s.requiredString("type");
            if (!names.add(name)) {
                reader.error(s.node(), "listener name '" + name + "' is used twice");
            }
            if (!type.isEmpty() && !LISTENER_TYPES.contains(type)) {
                reader.error(s.node(), "listener '" + name + "' has unknown type '" + type + "'; known types: "
                        + new java.util.TreeSet<>(LISTENER_TYPES));
            }
            String bind = s.string("bind", "0.0.0.0");
            Optional<AstmListenerSettings> astm = "astm".equals(type)
                    ? Optional.of(AstmListenerReader.read(s, name, baseDir)) : Optional.empty();
            int port = astm.map(a -> a.transport() == AstmListenerSettings.Transport.TCP_SERVER
                    ? s.integer("port", 0, 0, 65535) : 0).orElseGet(() -> s.integer("port", 0, 0, 65535));
            if (!s.has("port") && astm.isEmpty()) {
                reader.error(s.node(), "listener '" + name + "' needs a 'port'");
            }
            if (astm.isPresent() && s.has("ack")) {
                reader.error(s.node(), "listener '" + name + "': 'ack' is for hl7-mllp listeners; an astm listener "
                        + "acknowledges per E1381 frame (see docs/durability.md)");
            }
            if (astm.isPresent() && s.has("tls") && astm.get().transport() != AstmListenerSettings.Transport.TCP_SERVER) {
                reader.error(s.node(), "listener '" + name + "': 'tls' needs transport tcp-server");
            }
            Optional<BrokerConfig.Tls> tls = readTls(reader, s.section("tls"), baseDir);
            List<String> allowedPeers = s.strings("allowedPeers");
            Charset charset = astm.isPresent()
                    ? s.parsed("charset", "ISO-8859-1", Charset::forName, "a character set name such as ISO-8859-1, windows-1251 or UTF-8")
                    : s.parsed("defaultCharset", "UTF-8", Charset::forName, "a character set name such as UTF-8 or windows-1251");
            Duration idle = s.parsed("idleTimeout", "600s", ConfigLoader::duration, "a duration such as 600s or 10m");
            int maxBytes = s.parsed("maxMessageBytes", "16MB", ConfigLoader::bytes, "a size such as 16MB");
            BrokerConfig.AckMode ackMode = s.parsed("ack", "journaled",
                    v -> BrokerConfig.AckMode.valueOf(v.toUpperCase(Locale.ROOT)), "journaled or mapped");
            Optional<BrokerConfig.Dicom> dicom = "dicom".equals(type) ? Optional.of(readDicom(reader, s, name)) : Optional.empty();
            Optional<Duration> retention = RetentionReader.read(s, name, "dicom".equals(type));
            s.rejectUnknownKeys("listener '" + name + "'");
            listeners.add(new BrokerConfig.Listener(name, type, bind, port, tls, allowedPeers, charset, idle, maxBytes, ackMode,
                    dicom, astm, retention));
        }
        return listeners;
    }

    private BrokerConfig.Dicom readDicom(ConfigReader reader, YamlSection s, String name) {
        String aeTitle = s.string("aeTitle", "MEDBROKER");
        if (!validAeTitle(aeTitle)) {
            reader.error(s.node(), "listener '" + name + "': aeTitle '" + aeTitle + "' must be 1 to 16 characters of ASCII"
                    + " without backslash or control characters");
        }
        Map<String, String> callers = new java.util.LinkedHashMap<>();
        for (YamlSection caller : s.sections("callingAeTitles")) {
            String title = caller.requiredString("aeTitle");
            if (!validAeTitle(title)) {
                reader.error(caller.node(), "listener '" + name + "': calling aeTitle '" + title + "' is not a valid AE title");
            }
            callers.put(title.trim(), String.join(",", caller.strings("hosts")));
            caller.rejectUnknownKeys("calling AE title '" + title + "'");
        }
        Path storageDir = Path.of("dicom", name);
        String layout = "{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm";
        BrokerConfig.DuplicatePolicy duplicates = BrokerConfig.DuplicatePolicy.KEEP;
        boolean fsync = true;
        int maxPduLength = s.integer("maxPduLength", 131_072, 4_096, 16_777_216);
        Optional<YamlSection> storage = s.section("storage");
        if (storage.isPresent()) {
            YamlSection st = storage.get();
            storageDir = Path.of(st.string("directory", storageDir.toString()));
            layout = st.string("layout", layout);
            duplicates = st.parsed("duplicates", "keep", v -> BrokerConfig.DuplicatePolicy.valueOf(v.toUpperCase(Locale.ROOT)),
                    "keep or replace");
            fsync = st.bool("fsync", true);
            String unknown = org.medbroker.engine.imaging.StorageLayout.unknownPlaceholder(layout);
            if (unknown != null) {
                reader.error(st.node(), "listener '" + name + "': storage layout placeholder {" + unknown + "} is not one of "
                        + org.medbroker.engine.imaging.StorageLayout.PLACEHOLDERS);
            }
            st.rejectUnknownKeys("storage of listener '" + name + "'");
        }
        return new BrokerConfig.Dicom(aeTitle.trim(), Map.copyOf(callers), storageDir, layout, duplicates, fsync, maxPduLength);
    }

    static boolean validAeTitle(String title) {
        String trimmed = title.trim();
        return !trimmed.isEmpty() && trimmed.length() <= 16 && trimmed.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\');
    }

    private List<BrokerConfig.Destination> readDestinations(ConfigReader reader, List<YamlSection> sections, Path baseDir) {
        List<BrokerConfig.Destination> destinations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlSection s : sections) {
            String name = s.requiredString("name");
            String type = s.requiredString("type");
            if (!names.add(name)) {
                reader.error(s.node(), "destination name '" + name + "' is used twice");
            }
            if (!type.isEmpty() && !DESTINATION_TYPES.contains(type)) {
                reader.error(s.node(), "destination '" + name + "' has unknown type '" + type + "'; known types: " + DESTINATION_TYPES);
            }
            Optional<BrokerConfig.Hl7MllpDestination> hl7Mllp = "hl7-mllp".equals(type)
                    ? Optional.of(OutboundDestinationReader.read(s, name, baseDir)) : Optional.empty();
            Optional<BrokerConfig.FileDestination> file = "file".equals(type)
                    ? Optional.of(OutboundDestinationReader.readFile(s, name, baseDir)) : Optional.empty();
            Optional<BrokerConfig.WebhookDestination> webhook = "webhook".equals(type)
                    ? Optional.of(OutboundDestinationReader.readWebhook(s, name)) : Optional.empty();
            Optional<BrokerConfig.FhirDestination> fhir = "fhir".equals(type)
                    ? Optional.of(OutboundDestinationReader.readFhir(s, name)) : Optional.empty();
            Optional<BrokerConfig.DicomDestination> dicom = "dicom".equals(type)
                    ? Optional.of(DicomDestinationReader.read(s, name, baseDir)) : Optional.empty();
            s.rejectUnknownKeys("destination '" + name + "'");
            destinations.add(new BrokerConfig.Destination(name, type, hl7Mllp, file, webhook, fhir, dicom));
        }
        return destinations;
    }

    private List<BrokerConfig.Route> readRoutes(ConfigReader reader, List<YamlSection> sections,
            List<BrokerConfig.Listener> listeners, List<BrokerConfig.Destination> destinations) {
        List<BrokerConfig.Route> routes = new ArrayList<>();
        for (YamlSection s : sections) {
            String from = s.requiredString("from");
            List<String> to = s.strings("to");
            if (!from.isEmpty() && listeners.stream().noneMatch(l -> l.name().equals(from))) {
                reader.error(s.node(), "route from '" + from + "': no listener has that name");
            }
            if (to.isEmpty()) {
                reader.error(s.node(), "route from '" + from + "' has no destinations in 'to'");
            }
            for (String destination : to) {
                if (destinations.stream().noneMatch(d -> d.name().equals(destination))) {
                    reader.error(s.node(), "route to '" + destination + "': no destination has that name");
                }
                DicomDestinationReader.checkRoute(reader, s, from, destination, listeners, destinations);
            }
            s.rejectUnknownKeys("route");
            routes.add(new BrokerConfig.Route(from, List.copyOf(to)));
        }
        return routes;
    }

    private BrokerConfig.Mapping readMapping(Optional<YamlSection> section) {
        if (section.isEmpty()) {
            return new BrokerConfig.Mapping(ZoneId.systemDefault(), Map.of());
        }
        YamlSection s = section.get();
        ZoneId zone = s.parsed("timezone", ZoneId.systemDefault().getId(), ZoneId::of, "a time zone such as Europe/Moscow");
        Map<String, String> systems = new LinkedHashMap<>(s.stringMap("identifierSystems"));
        s.rejectUnknownKeys("mapping");
        return new BrokerConfig.Mapping(zone, systems);
    }

    private void checkPortsDistinct(ConfigReader reader, BrokerConfig.Http http, List<BrokerConfig.Listener> listeners,
            YamlSection root) {
        Map<Integer, String> used = new LinkedHashMap<>();
        if (http.port() != 0) {
            used.put(http.port(), "http");
        }
        for (BrokerConfig.Listener listener : listeners) {
            if (listener.port() == 0) {
                continue;
            }
            String previous = used.putIfAbsent(listener.port(), "listener '" + listener.name() + "'");
            if (previous != null) {
                reader.error(root.node(), "port " + listener.port() + " is used by both " + previous + " and listener '"
                        + listener.name() + "'");
            }
        }
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(text);
        };
    }

    static int bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long factor = 1;
        if (t.endsWith("KB")) {
            factor = 1 << 10;
        } else if (t.endsWith("MB")) {
            factor = 1 << 20;
        } else if (t.endsWith("GB")) {
            factor = 1 << 30;
        }
        String digits = factor == 1 ? t.replaceAll("B$", "") : t.substring(0, t.length() - 2);
        long value = Long.parseLong(digits.trim()) * factor;
        if (value <= 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(text);
        }
        return (int) value;
    }
}
