package org.medbroker.connectors.astm.record;

import java.util.ArrayList;
import java.util.List;

/**
 * One field of an E1394 record: repeats, each a list of components, escape sequences decoded
 * (LIS2-A2 clause 7.1). {@code toString} shows the shape only: fields carry patient data.
 */
public record Field(List<List<String>> repeats) {

    public static final Field EMPTY = new Field(List.of(List.of("")));

    public Field {
        repeats = repeats.stream().map(List::copyOf).toList();
    }

    public static Field of(String value) {
        return new Field(List.of(List.of(value)));
    }

    /** Splits a field as received: repeats first, then components, then escape sequences. */
    public static Field parse(String raw, Delimiters d) {
        if (raw.isEmpty()) {
            return EMPTY;
        }
        List<List<String>> repeats = new ArrayList<>();
        for (String repeat : split(raw, d.repeat())) {
            List<String> components = new ArrayList<>();
            for (String component : split(repeat, d.component())) {
                components.add(E1394Escaping.decode(component, d));
            }
            repeats.add(components);
        }
        return new Field(repeats);
    }

    /** The field as written on the wire with delimiters {@code d}. */
    public String encode(Delimiters d) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < repeats.size(); r++) {
            if (r > 0) {
                sb.append(d.repeat());
            }
            List<String> components = repeats.get(r);
            for (int c = 0; c < components.size(); c++) {
                if (c > 0) {
                    sb.append(d.component());
                }
                sb.append(E1394Escaping.encode(components.get(c), d));
            }
        }
        return sb.toString();
    }

    /** Component {@code index} (0-based) of the first repeat, or "". */
    public String component(int index) {
        List<String> first = repeats.get(0);
        return index < first.size() ? first.get(index) : "";
    }

    /** The first component of the first repeat. */
    public String first() {
        return component(0);
    }

    public boolean isEmpty() {
        return repeats.stream().allMatch(r -> r.stream().allMatch(String::isEmpty));
    }

    @Override
    public String toString() {
        return "Field[repeats=" + repeats.size() + "]";
    }

    /** Splits on {@code delimiter}, keeping empty parts (String.split would drop trailing ones). */
    static List<String> split(String s, char delimiter) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == delimiter) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
