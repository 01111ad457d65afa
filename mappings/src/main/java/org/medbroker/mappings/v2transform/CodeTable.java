package org.medbroker.mappings.v2transform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A code map's table as a tab-separated UTF-8 file: {@code code TAB replacement} a line, written with the
 * standard delimiters; {@code #} starts a comment line, blank lines are skipped.
 */
public final class CodeTable {

    private CodeTable() {}

    /**
     * @throws IllegalArgumentException naming the line of the first malformed or repeated entry
     */
    public static Map<String, String> read(Reader source) throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(source);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 2 || columns[0].isEmpty()) {
                throw new IllegalArgumentException("line " + number + ": expected 'code<TAB>replacement'");
            }
            if (table.put(columns[0], columns[1]) != null) {
                throw new IllegalArgumentException("line " + number + ": code '" + columns[0] + "' appears twice");
            }
        }
        return table;
    }
}
