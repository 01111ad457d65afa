package org.medbroker.connectors.astm.record;

import java.util.List;

/**
 * Universal test ID (LIS2-A2 clause 6.6.1, fields O.5, R.3, Q.5): universal code ^ name ^ type ^
 * manufacturer's local code ^ ... Instruments mostly leave the first three empty; Sysmex shifts its
 * code one component further ({@code ^^^^WBC^1}).
 */
public record UniversalTestId(List<String> components) {

    public UniversalTestId {
        components = List.copyOf(components);
    }

    static List<UniversalTestId> all(Field field) {
        return field.isEmpty() ? List.of() : field.repeats().stream().map(UniversalTestId::new).toList();
    }

    /** Component {@code index}, from 0, or "". */
    public String component(int index) {
        return index < components.size() ? components.get(index) : "";
    }

    /** The manufacturer's local code: the first non-empty component from the fourth on, else the first. */
    public String code() {
        for (int i = 3; i < components.size(); i++) {
            if (!components.get(i).isBlank()) {
                return components.get(i).strip();
            }
        }
        return component(0).strip();
    }
}
