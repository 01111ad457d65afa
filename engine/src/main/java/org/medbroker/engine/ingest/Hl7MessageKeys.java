package org.medbroker.engine.ingest;

import java.nio.charset.Charset;
import java.util.LinkedHashSet;
import java.util.Set;
import org.medbroker.engine.store.MessageKey;

/**
 * The lookup keys of an HL7 v2 message, read from its raw text so that a message the mapping
 * rejected can be found too: specimen barcodes from SPM-2 (placer and filler identifier), OBR-3 and
 * ORC-3 (filler order number), accession numbers from OBR-18 (placer field 1) and ORC-2 (placer
 * order number), each repetition's first component (first subcomponent for SPM-2). Values are
 * taken as they stand; escape sequences are not decoded.
 */
public final class Hl7MessageKeys {

    private Hl7MessageKeys() {}

    /** The keys; empty when the text does not start with an MSH segment. */
    public static Set<MessageKey> of(byte[] raw, Charset charset) {
        String text = new String(raw, charset);
        if (!text.startsWith("MSH") || text.length() < 8) {
            return Set.of();
        }
        char field = text.charAt(3);
        char component = text.charAt(4);
        char repetition = text.charAt(5);
        char subcomponent = text.charAt(7);
        Set<MessageKey> keys = new LinkedHashSet<>();
        for (String segment : text.split("[\r\n]+")) {
            String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(field)), -1);
            switch (fields[0]) {
                case "SPM" -> {
                    for (String rep : repetitions(fields, 2, repetition)) {
                        String[] eip = split(rep, component);
                        add(keys, MessageKey.Kind.SAMPLE, split(eip[0], subcomponent)[0]);
                        if (eip.length > 1) {
                            add(keys, MessageKey.Kind.SAMPLE, split(eip[1], subcomponent)[0]);
                        }
                    }
                }
                case "OBR" -> {
                    firstComponents(keys, MessageKey.Kind.SAMPLE, repetitions(fields, 3, repetition), component);
                    firstComponents(keys, MessageKey.Kind.ACCESSION, repetitions(fields, 18, repetition), component);
                }
                case "ORC" -> {
                    firstComponents(keys, MessageKey.Kind.ACCESSION, repetitions(fields, 2, repetition), component);
                    firstComponents(keys, MessageKey.Kind.SAMPLE, repetitions(fields, 3, repetition), component);
                }
                default -> { }
            }
        }
        return keys;
    }

    private static String[] repetitions(String[] fields, int index, char repetition) {
        return index < fields.length ? split(fields[index], repetition) : new String[0];
    }

    private static void firstComponents(Set<MessageKey> keys, MessageKey.Kind kind, String[] values, char component) {
        for (String value : values) {
            add(keys, kind, split(value, component)[0]);
        }
    }

    private static String[] split(String value, char separator) {
        return value.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    }

    private static void add(Set<MessageKey> keys, MessageKey.Kind kind, String value) {
        if (MessageKey.usable(value)) {
            keys.add(new MessageKey(kind, value.strip()));
        }
    }
}
