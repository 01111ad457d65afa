package org.medbroker.mappings.astm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A per-analyzer code map: analyzer test code → LOINC code, display and UCUM unit. Written as a
 * tab-separated file, one code a line ({@code code TAB loinc TAB display TAB ucum}), {@code #} starts a
 * comment. The built-in maps live beside this class under {@code codemaps/<name>.tsv}.
 *
 * @param name the map's name, also the last part of the analyzer's own code system
 * @param entries by analyzer code
 */
public record AnalyzerCodeMap(String name, Map<String, CodeMapEntry> entries) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public AnalyzerCodeMap {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("MB-0750: code map name must be lowercase letters, digits and dashes");
        }
        entries = Map.copyOf(entries);
    }

    /** A map with no codes: every result is kept under the analyzer's own code system and flagged. */
    public static AnalyzerCodeMap empty(String name) {
        return new AnalyzerCodeMap(name, Map.of());
    }

    /** The code system of the analyzer's own test codes. */
    public String analyzerSystem() {
        return "urn:medbroker:astm:" + name + ":test";
    }

    public Optional<CodeMapEntry> lookup(String analyzerCode) {
        return Optional.ofNullable(entries.get(analyzerCode));
    }

    /** A built-in map ({@code hematology-xn}, {@code chemistry-c111}, {@code coagulation-ca}, ...), if there is one. */
    public static Optional<AnalyzerCodeMap> builtIn(String name) {
        InputStream in = AnalyzerCodeMap.class.getResourceAsStream("codemaps/" + name + ".tsv");
        if (in == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Optional.of(read(name, reader));
        } catch (IOException e) {
            throw new IllegalStateException("built-in code map " + name + " cannot be read", e);
        }
    }

    /** A map from a file; the file name without {@code .tsv} is its name. */
    public static AnalyzerCodeMap read(Path file) throws IOException {
        String name = file.getFileName().toString().replaceAll("\\.tsv$", "");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(name, reader);
        }
    }

    static AnalyzerCodeMap read(String name, Reader source) throws IOException {
        Map<String, CodeMapEntry> entries = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IOException("MB-0751: code map " + name + " line " + number
                        + ": expected 'analyzer code TAB LOINC TAB display [TAB UCUM unit]'");
            }
            String code = parts[0].strip();
            if (entries.put(code, new CodeMapEntry(code, parts[1].strip(), parts[2].strip(),
                    parts.length > 3 ? parts[3].strip() : "")) != null) {
                throw new IOException("MB-0752: code map " + name + " line " + number + ": analyzer code " + code + " is listed twice");
            }
        }
        return new AnalyzerCodeMap(name, entries);
    }
}
