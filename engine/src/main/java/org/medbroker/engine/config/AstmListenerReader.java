package org.medbroker.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medbroker.engine.config.AstmListenerSettings.FlowControl;
import org.medbroker.engine.config.AstmListenerSettings.Framing;
import org.medbroker.engine.config.AstmListenerSettings.Parity;
import org.medbroker.engine.config.AstmListenerSettings.Serial;
import org.medbroker.engine.config.AstmListenerSettings.Transport;
import org.medbroker.mappings.astm.AnalyzerCodeMap;
import org.medbroker.mappings.astm.AstmMappingOptions;

/** Reads the keys a listener of type {@code astm} adds; every problem is reported with its line. */
final class AstmListenerReader {

    static final int STANDARD_FRAME_TEXT = 247;
    static final int LENIENT_FRAME_TEXT = 65_536;
    private static final Set<String> BAUD_RATES = Set.of("1200", "2400", "4800", "9600", "19200", "38400", "57600", "115200");

    private AstmListenerReader() {
    }

    static AstmListenerSettings read(YamlSection s, String name, Path baseDir) {
        ConfigReader reader = s.reader();
        Transport transport = s.parsed("transport", "tcp-server", v -> Transport.valueOf(constant(v)),
                "tcp-server, tcp-client or serial");
        Framing framing = s.parsed("framing", "E1381", v -> Framing.valueOf(v.trim().toUpperCase(Locale.ROOT)),
                "E1381, PLAIN or RECORDS");
        boolean mllp = s.bool("mllp", false);
        if (mllp && framing != Framing.RECORDS) {
            reader.error(s.node(), "listener '" + name + "': 'mllp: true' needs 'framing: RECORDS'");
        }
        boolean strict = s.parsed("frameChecks", "strict", v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "strict" -> true;
            case "lenient" -> false;
            default -> throw new IllegalArgumentException(v);
        }, "strict or lenient");
        int maxFrameText = s.integer("maxFrameText", strict ? STANDARD_FRAME_TEXT : LENIENT_FRAME_TEXT, STANDARD_FRAME_TEXT,
                16 * 1024 * 1024);
        if (strict && maxFrameText > STANDARD_FRAME_TEXT) {
            reader.error(s.node(), "listener '" + name + "': 'maxFrameText' above 247 needs 'frameChecks: lenient'");
        }
        String host = s.string("host", "").trim();
        int port = s.has("port") ? s.integer("port", 0, 0, 65535) : 0;
        switch (transport) {
            case TCP_SERVER -> requirePort(s, name, "'port' (the port to listen on)");
            case TCP_CLIENT -> {
                requirePort(s, name, "'port' (the analyzer's port)");
                if (host.isEmpty()) {
                    reader.error(s.node(), "listener '" + name + "': transport tcp-client needs 'host' (the analyzer's address)");
                }
                if (port == 0 && s.has("port")) {
                    reader.error(s.node(), "listener '" + name + "': tcp-client needs the analyzer's port, not 0");
                }
            }
            case SERIAL -> {
                if (s.has("port") || !host.isEmpty()) {
                    reader.error(s.node(), "listener '" + name + "': a serial listener takes 'serial', not 'host' or 'port'");
                }
            }
        }
        if (transport != Transport.TCP_CLIENT && !host.isEmpty()) {
            reader.error(s.node(), "listener '" + name + "': 'host' is only for transport tcp-client; use 'bind' to choose the local address");
        }
        Optional<Serial> serial = readSerial(s, name, transport);
        AnalyzerCodeMap codeMap = readCodeMap(s, name, baseDir);
        Map<String, String> systems = new LinkedHashMap<>(AstmMappingOptions.DEFAULT_PATIENT_ID_SYSTEMS);
        Map<String, String> configured = s.stringMap("patientIdSystems");
        for (Map.Entry<String, String> e : configured.entrySet()) {
            if (!AstmMappingOptions.DEFAULT_PATIENT_ID_SYSTEMS.containsKey(e.getKey())) {
                reader.error(s.node(), "listener '" + name + "': patientIdSystems key '" + e.getKey() + "' must be P.3, P.4 or P.5");
            } else if (e.getValue().isBlank() || !e.getValue().contains(":")) {
                reader.error(s.node(), "listener '" + name + "': patientIdSystems " + e.getKey() + " must be a URI such as urn:oid:1.2.3");
            } else {
                systems.put(e.getKey(), e.getValue().trim());
            }
        }
        boolean orderDownload = s.bool("orderDownload", false);
        Duration reconnectMin = s.parsed("reconnectMin", "1s", ConfigLoader::duration, "a duration such as 1s");
        Duration reconnectMax = s.parsed("reconnectMax", "60s", ConfigLoader::duration, "a duration such as 60s");
        if (reconnectMin.isZero() || reconnectMin.isNegative() || reconnectMax.compareTo(reconnectMin) < 0) {
            reader.error(s.node(), "listener '" + name + "': need 0 < reconnectMin <= reconnectMax");
        }
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        s.section("timeouts").ifPresent(t -> {
            for (String timer : AstmListenerSettings.TIMER_NAMES) {
                if (t.has(timer)) {
                    Duration d = t.parsed(timer, "1s", ConfigLoader::duration, "a duration such as 15s or 500ms");
                    if (d.isZero() || d.isNegative()) {
                        t.reader().error(t.node(), "listener '" + name + "': timeout " + timer + " must be positive");
                    }
                    timeouts.put(timer, d);
                }
            }
            t.rejectUnknownKeys("timeouts of listener '" + name + "' (known: " + AstmListenerSettings.TIMER_NAMES + ")");
        });
        int specimenIdComponent = s.integer("specimenIdComponent", 0, 0, 16);
        return new AstmListenerSettings(transport, host, transport == Transport.TCP_CLIENT ? port : 0, serial, framing, mllp,
                strict, maxFrameText, codeMap, systems, orderDownload, reconnectMin, reconnectMax, timeouts, specimenIdComponent);
    }

    private static void requirePort(YamlSection s, String name, String what) {
        if (!s.has("port")) {
            s.reader().error(s.node(), "listener '" + name + "' needs " + what);
        }
    }

    private static Optional<Serial> readSerial(YamlSection s, String name, Transport transport) {
        Optional<YamlSection> section = s.section("serial");
        if (transport != Transport.SERIAL) {
            section.ifPresent(x -> s.reader().error(x.node(), "listener '" + name + "': 'serial' needs 'transport: serial'"));
            return Optional.empty();
        }
        if (section.isEmpty()) {
            s.reader().error(s.node(), "listener '" + name + "': transport serial needs a 'serial' section with at least 'port'");
            return Optional.of(new Serial("", 9600, 8, Parity.NONE, "1", FlowControl.NONE));
        }
        YamlSection x = section.get();
        String port = x.requiredString("port");
        String baud = x.string("baud", "9600").trim();
        if (!BAUD_RATES.contains(baud)) {
            x.reader().error(x.node(), "listener '" + name + "': serial 'baud' must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200");
            baud = "9600";
        }
        int dataBits = x.integer("dataBits", 8, 5, 8);
        Parity parity = x.parsed("parity", "none", v -> Parity.valueOf(constant(v)), "none, odd, even, mark or space");
        String stopBits = x.string("stopBits", "1").trim();
        if (!Set.of("1", "1.5", "2").contains(stopBits)) {
            x.reader().error(x.node(), "listener '" + name + "': serial 'stopBits' must be 1, 1.5 or 2");
            stopBits = "1";
        }
        FlowControl flow = x.parsed("flowControl", "none", v -> FlowControl.valueOf(constant(v)), "none, rts-cts or xon-xoff");
        x.rejectUnknownKeys("serial of listener '" + name + "'");
        return Optional.of(new Serial(port, Integer.parseInt(baud), dataBits, parity, stopBits, flow));
    }

    private static AnalyzerCodeMap readCodeMap(YamlSection s, String name, Path baseDir) {
        String value = s.string("codeMap", "").trim();
        if (value.isEmpty()) {
            s.reader().error(s.node(), "listener '" + name + "' needs a 'codeMap': a built-in one (hematology-xn, chemistry-c111, "
                    + "coagulation-ca) or a .tsv file; results of codes not in it are kept and flagged");
            return AnalyzerCodeMap.empty("unknown");
        }
        if (!value.endsWith(".tsv")) {
            Optional<AnalyzerCodeMap> builtIn = AnalyzerCodeMap.builtIn(value);
            if (builtIn.isEmpty()) {
                s.reader().error(s.node(), "listener '" + name + "': no built-in code map '" + value
                        + "'; use hematology-xn, chemistry-c111, coagulation-ca or a path to a .tsv file");
                return AnalyzerCodeMap.empty("unknown");
            }
            return builtIn.get();
        }
        Path file = baseDir.resolve(value).normalize();
        if (!Files.isReadable(file)) {
            s.reader().error(s.node(), "listener '" + name + "': code map file " + file + " cannot be read");
            return AnalyzerCodeMap.empty("unknown");
        }
        try {
            return AnalyzerCodeMap.read(file);
        } catch (IOException | IllegalArgumentException e) {
            s.reader().error(s.node(), "listener '" + name + "': code map " + file + ": " + e.getMessage());
            return AnalyzerCodeMap.empty("unknown");
        }
    }

    /** {@code tcp-server} → {@code TCP_SERVER}. */
    static String constant(String value) {
        return value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
