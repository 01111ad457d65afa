package org.medbroker.engine.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.medbroker.mappings.v2transform.CodeTable;
import org.medbroker.mappings.v2transform.FieldPath;
import org.medbroker.mappings.v2transform.Transform;
import org.medbroker.mappings.v2transform.TransformChain;

/**
 * Reads and compiles a destination's {@code transform:} list (see {@code docs/routing.md}, Transforms): each
 * item is exactly one of {@code set}, {@code copy}, {@code clear}, {@code removeSegments}, {@code map},
 * {@code charset}; a bad path, value, table or character set is reported with its line.
 */
final class TransformReader {

    private static final List<String> KINDS = List.of("set", "copy", "clear", "removeSegments", "map", "charset");

    private TransformReader() {}

    static TransformChain read(YamlSection destination, String name, Path baseDir) {
        List<Transform> rules = new ArrayList<>();
        Optional<TransformChain.TargetCharset> charset = Optional.empty();
        int number = 0;
        for (YamlSection t : destination.sections("transform")) {
            number++;
            String where = "transform " + number + " of destination '" + name + "'";
            List<String> kinds = KINDS.stream().filter(t::has).toList();
            if (kinds.size() != 1) {
                t.reader().error(t.node(), where + " needs exactly one of " + String.join(", ", KINDS)
                        + (kinds.isEmpty() ? "" : ", not " + String.join(" and ", kinds)));
                continue;
            }
            String kind = kinds.get(0);
            try {
                switch (kind) {
                    case "set" -> {
                        String target = t.requiredString("set");
                        String value = t.requiredString("value");
                        rules.add(new Transform.SetValue(path("set", target), value));
                    }
                    case "copy" -> {
                        String from = t.requiredString("copy");
                        String to = t.requiredString("to");
                        rules.add(new Transform.Copy(path("copy", from), path("to", to)));
                    }
                    case "clear" -> rules.add(new Transform.Clear(path("clear", t.requiredString("clear"))));
                    case "removeSegments" -> rules.add(new Transform.RemoveSegments(
                            new LinkedHashSet<>(t.strings("removeSegments").stream().map(String::trim).toList())));
                    case "map" -> readMap(t, baseDir).ifPresent(rules::add);
                    default -> {
                        String charsetName = t.requiredString("charset");
                        String msh18 = t.string("msh18", "");
                        TransformChain.TargetCharset target = TransformChain.TargetCharset.of(charsetName, msh18);
                        if (charset.isPresent()) {
                            t.error("charset", where + ": only one charset rule per destination");
                        }
                        charset = Optional.of(target);
                    }
                }
            } catch (AlreadyReported e) {
                // a required key was missing; said once already
            } catch (IllegalArgumentException e) {
                t.error(kind, where + ": " + e.getMessage());
            }
            t.rejectUnknownKeys(where);
        }
        return new TransformChain(rules, charset);
    }

    /** A required key was missing and {@link YamlSection#requiredString} has said so. */
    private static final class AlreadyReported extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
    }

    private static FieldPath path(String key, String text) {
        if (text.isBlank()) {
            throw new AlreadyReported();
        }
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "': " + e.getMessage());
        }
    }

    private static Optional<Transform> readMap(YamlSection t, Path baseDir) {
        String target = t.requiredString("map");
        String otherwiseText = t.string("otherwise", "keep").trim().toLowerCase(Locale.ROOT);
        boolean hasTable = t.has("table");
        boolean hasValues = t.has("values");
        String file = t.string("table", "").trim();
        Map<String, String> values = t.stringMap("values");
        FieldPath path = path("map", target);
        Transform.Otherwise otherwise;
        try {
            otherwise = Transform.Otherwise.valueOf(otherwiseText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            t.error("otherwise", "'otherwise' must be keep, clear or reject, got '" + otherwiseText + "'");
            return Optional.empty();
        }
        if (hasTable == hasValues) {
            t.error("map", "map " + path + " needs either 'table' (a .tsv file) or 'values' (an inline map), not "
                    + (hasTable ? "both" : "neither"));
            return Optional.empty();
        }
        if (hasValues) {
            return Optional.of(new Transform.MapCodes(path, values, otherwise, "the inline values"));
        }
        if (file.isEmpty()) {
            t.error("table", "'table' names no file");
            return Optional.empty();
        }
        Path table = baseDir.resolve(file).normalize();
        try (Reader reader = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
            return Optional.of(new Transform.MapCodes(path, CodeTable.read(reader), otherwise, "table " + file));
        } catch (IOException e) {
            t.error("table", "code table " + table + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            t.error("table", "code table " + file + ", " + e.getMessage());
        }
        return Optional.empty();
    }
}
