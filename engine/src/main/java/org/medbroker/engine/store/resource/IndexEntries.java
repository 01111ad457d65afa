package org.medbroker.engine.store.resource;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The search index rows of one resource version, one list per kind of parameter, without duplicates. */
record IndexEntries(List<Token> tokens, List<Ref> references, List<DateEntry> dates, List<Text> strings) {

    /** Longest token system or value the index keeps; longer ones are not searchable. */
    static final int MAX_TOKEN_LENGTH = 512;
    /** Longest id the store accepts (FHIR's limit). */
    static final int MAX_ID_LENGTH = 64;

    record Token(String param, String system, String value) {
    }

    record Ref(String param, String targetType, String targetId) {
    }

    record DateEntry(String param, DateRange range) {
    }

    record Text(String param, String normalized) {
    }

    IndexEntries {
        tokens = List.copyOf(tokens);
        references = List.copyOf(references);
        dates = List.copyOf(dates);
        strings = List.copyOf(strings);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects rows, dropping empty values and values too long for their column. */
    static final class Builder {
        private final Set<Token> tokens = new LinkedHashSet<>();
        private final Set<Ref> references = new LinkedHashSet<>();
        private final Set<DateEntry> dates = new LinkedHashSet<>();
        private final Set<Text> strings = new LinkedHashSet<>();

        Builder token(String param, String system, String value) {
            String s = system == null ? "" : system;
            if (value != null && !value.isEmpty() && value.length() <= MAX_TOKEN_LENGTH && s.length() <= MAX_TOKEN_LENGTH) {
                tokens.add(new Token(param, s, value));
            }
            return this;
        }

        Builder reference(String param, String targetType, String targetId) {
            String t = targetType == null ? "" : targetType;
            if (targetId != null && !targetId.isEmpty() && targetId.length() <= MAX_ID_LENGTH && t.length() <= MAX_ID_LENGTH) {
                references.add(new Ref(param, t, targetId));
            }
            return this;
        }

        Builder date(String param, DateRange range) {
            dates.add(new DateEntry(param, range));
            return this;
        }

        Builder text(String param, String value) {
            if (value != null && !value.isBlank()) {
                strings.add(new Text(param, SearchText.normalize(value)));
            }
            return this;
        }

        IndexEntries build() {
            return new IndexEntries(List.copyOf(tokens), List.copyOf(references), List.copyOf(dates), List.copyOf(strings));
        }
    }
}
