package org.medbroker.engine.store;

import java.util.Objects;

/** A lookup key of a journaled message: a specimen barcode or an accession number, as the message carries it. */
public record MessageKey(Kind kind, String value) {

    /** The longest value kept; longer ones are not keys anyone types. */
    public static final int MAX_LENGTH = 199;

    /** What the key identifies; {@link #column()} is its {@code message_key.key_type}. */
    public enum Kind {
        /** The specimen (sample) barcode. */
        SAMPLE("sample"),
        /** The accession number of an order or imaging study. */
        ACCESSION("accession");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }
    }

    public MessageKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** True when the value is worth indexing: not blank, not longer than {@link #MAX_LENGTH}. */
    public static boolean usable(String value) {
        return value != null && !value.isBlank() && value.strip().length() <= MAX_LENGTH;
    }
}
