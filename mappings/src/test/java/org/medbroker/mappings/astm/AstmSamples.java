package org.medbroker.mappings.astm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The golden ASTM samples under {@code samples/astm/<code map>/X.astm}: records one a line (CR on the
 * wire), UTF-8; beside each, {@code X.orders.tsv} lists the orders the store knows (specimen id, ServiceRequest
 * id, Patient id, code system, code, display) and {@code X.fhir.json} the expected Bundle.
 */
public final class AstmSamples {

    private AstmSamples() {
    }

    /** {@code samples/astm}, found above the module's base directory or the working directory. */
    public static Path directory() {
        for (String start : new String[] {System.getProperty("basedir"), System.getProperty("user.dir")}) {
            if (start == null) {
                continue;
            }
            for (Path dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("samples").resolve("astm");
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("samples/astm not found above basedir or the working directory");
    }

    static List<Path> all() {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".astm")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records as an analyzer sends them: CR after each. */
    static String records(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\n', '\r');
    }

    static String codeMapName(Path file) {
        return file.getParent().getFileName().toString();
    }

    static Map<String, MatchedOrder> orders(Path file) throws IOException {
        Path tsv = file.resolveSibling(file.getFileName().toString().replaceAll("\\.astm$", ".orders.tsv"));
        Map<String, MatchedOrder> orders = new LinkedHashMap<>();
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] p = line.split("\t", -1);
                orders.put(p[0], new MatchedOrder(p[1], p[2], p[3], p[4], p[5]));
            }
        }
        return orders;
    }
}
