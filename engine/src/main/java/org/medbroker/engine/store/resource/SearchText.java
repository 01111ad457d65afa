package org.medbroker.engine.store.resource;

import java.text.Normalizer;
import java.util.Locale;

/** String search normalization: lower case without diacritics, so {@code Ёлкин} finds {@code ЕЛКИН}. */
final class SearchText {

    /** Longest normalized value kept in the index (the column size). */
    static final int MAX_LENGTH = 200;

    private SearchText() {
    }

    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text.strip(), Normalizer.Form.NFD);
        String folded = decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        return folded.length() > MAX_LENGTH ? folded.substring(0, MAX_LENGTH) : folded;
    }
}
