package org.medbroker.engine.store.resource;

import java.util.List;
import java.util.Objects;

/**
 * One search parameter of a {@link SearchQuery}: a resource matches when any of its values matches
 * (FHIR's comma OR); the criteria of one query are AND'ed.
 */
public sealed interface Criterion {

    /** A token parameter such as identifier, code, status, category. */
    record Token(String param, List<TokenMatch> anyOf) implements Criterion {
        public Token {
            Objects.requireNonNull(param, "param");
            anyOf = nonEmpty(anyOf);
        }
    }

    /**
     * {@code system|code}: a null system matches any system, an empty system only tokens without
     * one; a null code matches any code of the system.
     */
    record TokenMatch(String system, String code) {
        public TokenMatch {
            if (system == null && code == null) {
                throw new IllegalArgumentException("MB-0504: a token needs a system or a code");
            }
        }
    }

    /** A reference parameter such as subject, patient, specimen, result. */
    record Reference(String param, List<ReferenceMatch> anyOf) implements Criterion {
        public Reference {
            Objects.requireNonNull(param, "param");
            anyOf = nonEmpty(anyOf);
        }
    }

    /** {@code Type/id}; a null type matches a target of any type. */
    record ReferenceMatch(String targetType, String targetId) {
        public ReferenceMatch {
            Objects.requireNonNull(targetId, "targetId");
        }
    }

    /** A date parameter such as date, birthdate, authored, collected. */
    record Date(String param, List<DateMatch> anyOf) implements Criterion {
        public Date {
            Objects.requireNonNull(param, "param");
            anyOf = nonEmpty(anyOf);
        }
    }

    /** A prefix and the range its searched value covers. */
    record DateMatch(DateComparator comparator, DateRange range) {
        public DateMatch {
            Objects.requireNonNull(comparator, "comparator");
            Objects.requireNonNull(range, "range");
        }
    }

    /** A string parameter (name, family, given): case and accent insensitive starts-with. */
    record Text(String param, List<String> anyOfPrefixes) implements Criterion {
        public Text {
            Objects.requireNonNull(param, "param");
            anyOfPrefixes = nonEmpty(anyOfPrefixes);
        }
    }

    /** {@code _id}. */
    record Id(List<String> anyOf) implements Criterion {
        public Id {
            anyOf = nonEmpty(anyOf);
        }
    }

    /** {@code _lastUpdated}, compared with the millisecond the current version was written. */
    record LastUpdated(List<DateMatch> anyOf) implements Criterion {
        public LastUpdated {
            anyOf = nonEmpty(anyOf);
        }
    }

    private static <T> List<T> nonEmpty(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("MB-0506: a search criterion needs at least one value");
        }
        return List.copyOf(values);
    }
}
