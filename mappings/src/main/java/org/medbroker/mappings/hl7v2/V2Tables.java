package org.medbroker.mappings.hl7v2;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HL7 v2 tables FHIR R4 publishes as {@code http://terminology.hl7.org/CodeSystem/v2-NNNN} (loaded from
 * {@code v2-table-codes.tsv}). A coding is emitted with a v2 system only when the table defines the code: FHIR
 * validators reject a code its code system does not define.
 */
final class V2Tables {
  static final String SYSTEM_PREFIX = "http://terminology.hl7.org/CodeSystem/v2-";

  private static final Map<String, Map<String, String>> TABLES = load();

  private V2Tables() {
  }

  /** True when table {@code table} (e.g. "0203") is one FHIR R4 publishes. */
  static boolean knowsTable(String table) {
    return TABLES.containsKey(table);
  }

  /** True when the table defines the code (codes are case-sensitive). */
  static boolean defines(String table, String code) {
    Map<String, String> codes = TABLES.get(table);
    return codes != null && code != null && codes.containsKey(code);
  }

  /** The display of a code, for the tables that carry displays (0203, 0074), else null. */
  static String display(String table, String code) {
    Map<String, String> codes = TABLES.get(table);
    if (codes == null) {
      return null;
    }
    String display = codes.get(code);
    return display == null || display.isEmpty() ? null : display;
  }

  static String system(String table) {
    return SYSTEM_PREFIX + table;
  }

  private static Map<String, Map<String, String>> load() {
    Map<String, Map<String, String>> tables = new HashMap<>();
    try (InputStream in = V2Tables.class.getResourceAsStream("v2-table-codes.tsv")) {
      if (in == null) {
        throw new IllegalStateException("v2-table-codes.tsv is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        Map<String, String> codes = new LinkedHashMap<>();
        for (int i = 1; i < columns.length; i++) {
          int bar = columns[i].indexOf('|');
          if (bar < 0) {
            codes.put(columns[i], "");
          } else {
            codes.put(columns[i].substring(0, bar), columns[i].substring(bar + 1));
          }
        }
        tables.put(columns[0], Map.copyOf(codes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(tables);
  }
}
