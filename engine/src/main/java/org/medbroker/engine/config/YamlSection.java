package org.medbroker.engine.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML mapping read key by key, with every problem recorded against its line instead of thrown,
 * so that one pass reports all errors. Keys not read by the end are reported as unknown.
 */
final class YamlSection {

    private final ConfigReader reader;
    private final Node node;
    private final Map<String, Node> entries = new LinkedHashMap<>();
    private final Map<String, Node> keyNodes = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    YamlSection(ConfigReader reader, Node node) {
        this.reader = reader;
        this.node = node;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple.getValueNode());
                    keyNodes.put(key.getValue(), key);
                }
            }
        } else if (node != null) {
            reader.error(node, "expected a mapping of keys to values here");
        }
    }

    Node node() {
        return node;
    }

    ConfigReader reader() {
        return reader;
    }

    int line() {
        return ConfigReader.line(node);
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    Optional<String> optionalString(String key) {
        read.add(key);
        Node value = entries.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof ScalarNode scalar)) {
            reader.error(value, "'" + key + "' must be a single value");
            return Optional.empty();
        }
        return Optional.of(reader.substitute(scalar));
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    String requiredString(String key) {
        Optional<String> value = optionalString(key).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            reader.error(node, "'" + key + "' is required");
            return "";
        }
        return value.get();
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> value = optionalString(key).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get().trim());
            if (n < min || n > max) {
                reader.error(entries.get(key), "'" + key + "' must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            reader.error(entries.get(key), "'" + key + "' must be a whole number, got '" + value.get() + "'");
            return defaultValue;
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> value = optionalString(key).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().trim().toLowerCase()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                reader.error(entries.get(key), "'" + key + "' must be true or false");
                yield defaultValue;
            }
        };
    }

    <T> T parsed(String key, String defaultValue, Function<String, T> parser, String expected) {
        String value = string(key, defaultValue).trim();
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            reader.error(entries.getOrDefault(key, node), "'" + key + "' must be " + expected + ", got '" + value + "'");
            return parser.apply(defaultValue);
        }
    }

    Optional<YamlSection> section(String key) {
        read.add(key);
        Node value = entries.get(key);
        return value == null ? Optional.empty() : Optional.of(new YamlSection(reader, value));
    }

    List<YamlSection> sections(String key) {
        return nodes(key).stream().map(n -> new YamlSection(reader, n)).toList();
    }

    List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (Node item : nodes(key)) {
            if (item instanceof ScalarNode scalar) {
                values.add(reader.substitute(scalar));
            } else {
                reader.error(item, "each item of '" + key + "' must be a single value");
            }
        }
        return values;
    }

    Map<String, String> stringMap(String key) {
        Map<String, String> values = new LinkedHashMap<>();
        section(key).ifPresent(s -> {
            for (String name : s.entries.keySet()) {
                values.put(name, s.string(name, ""));
            }
        });
        return values;
    }

    /** Records {@code message} against the line of {@code key}'s value (the section's line when absent). */
    void error(String key, String message) {
        reader.error(entries.getOrDefault(key, node), message);
    }

    /** Reports every key present but never read. */
    void rejectUnknownKeys(String where) {
        for (Map.Entry<String, Node> entry : keyNodes.entrySet()) {
            if (!read.contains(entry.getKey())) {
                reader.error(entry.getValue(), "unknown key '" + entry.getKey() + "' in " + where);
            }
        }
    }

    private List<Node> nodes(String key) {
        read.add(key);
        Node value = entries.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (value instanceof ScalarNode scalar && scalar.getValue().isBlank()) {
            return List.of();
        }
        reader.error(value, "'" + key + "' must be a list (items starting with '- ')");
        return List.of();
    }
}
