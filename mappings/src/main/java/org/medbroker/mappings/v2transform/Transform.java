package org.medbroker.mappings.v2transform;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured edit of an outbound message. Every segment with the path's id is edited (each OBX, not only
 * the first); within a field the first repetition unless the path says {@code [*]} or {@code [n]}. Values
 * and code tables are written with the standard delimiters ({@code ^} between components, {@code &} between
 * subcomponents, {@code \T\} for a literal {@code &}) and written into the message in its own delimiters
 * (MSH-1, MSH-2), escaped as HL7 requires. A segment the message lacks is not added.
 */
public sealed interface Transform {

    /** MSH-1/MSH-2 are the delimiters; MSH-3, MSH-4 and MSH-10 are the broker's; MSH-18 follows the {@code charset} rule. */
    List<Integer> PROTECTED_MSH_FIELDS = List.of(1, 2, 3, 4, 10, 18);

    void apply(Er7Message message) throws TransformRejected;

    /** How the rule reads in the configuration, for rejection texts. */
    String describe();

    /** {@code set: PID-3.4, value: CLINIC}: a constant. */
    record SetValue(FieldPath path, String value) implements Transform {
        public SetValue {
            writable(path);
            checkValue(value, path);
        }

        @Override
        public void apply(Er7Message message) throws TransformRejected {
            for (Er7Message.Segment segment : message.segments(path.segment())) {
                message.update(segment, path, raw -> write(value, message, this));
            }
        }

        @Override
        public String describe() {
            return "set " + path;
        }
    }

    /**
     * {@code copy: PID-3, to: PID-2}: within each segment when both name the same segment id, else from the
     * first segment with the source's id into every target segment. Nothing happens without a source segment.
     */
    record Copy(FieldPath from, FieldPath to) implements Transform {
        public Copy {
            writable(to);
            if (from.segment().equals("MSH") && from.field() <= 2) {
                throw new IllegalArgumentException("MSH-1 and MSH-2 are the message's delimiters and cannot be copied");
            }
            if (from.repetition() == FieldPath.ALL_REPETITIONS) {
                throw new IllegalArgumentException("copy takes one value: name one repetition of " + from + ", not [*]");
            }
            if (to.depth() > from.depth()) {
                throw new IllegalArgumentException("copy from " + from + " to " + to + " would put a "
                        + (from.depth() == 1 ? "field" : "component") + " inside a "
                        + (to.depth() == 2 ? "component" : "subcomponent") + "; copy a part of the same size or smaller");
            }
        }

        @Override
        public void apply(Er7Message message) throws TransformRejected {
            boolean sameSegment = from.segment().equals(to.segment());
            List<Er7Message.Segment> sources = message.segments(from.segment());
            if (sources.isEmpty()) {
                return;
            }
            for (Er7Message.Segment segment : message.segments(to.segment())) {
                String value = message.read(sameSegment ? segment : sources.get(0), from).get(0);
                message.update(segment, to, raw -> value);
            }
        }

        @Override
        public String describe() {
            return "copy " + from + " to " + to;
        }
    }

    /** {@code clear: PV1-19}. */
    record Clear(FieldPath path) implements Transform {
        public Clear {
            writable(path);
        }

        @Override
        public void apply(Er7Message message) throws TransformRejected {
            for (Er7Message.Segment segment : message.segments(path.segment())) {
                message.update(segment, path, raw -> "");
            }
        }

        @Override
        public String describe() {
            return "clear " + path;
        }
    }

    /** {@code removeSegments: [NTE, ZXX]}. */
    record RemoveSegments(Set<String> ids) implements Transform {
        public RemoveSegments {
            ids = Set.copyOf(ids);
            for (String id : ids) {
                if (!id.matches("[A-Z][A-Z0-9]{2}")) {
                    throw new IllegalArgumentException("'" + id + "' is not a segment id (three capitals or digits, such as NTE)");
                }
            }
            if (ids.contains("MSH")) {
                throw new IllegalArgumentException("the MSH segment cannot be removed");
            }
        }

        @Override
        public void apply(Er7Message message) {
            message.removeSegments(ids);
        }

        @Override
        public String describe() {
            return "removeSegments " + ids.stream().sorted().toList();
        }
    }

    /** What a code map does with a value its table lacks. */
    enum Otherwise {
        KEEP,
        CLEAR,
        REJECT
    }

    /**
     * {@code map: OBX-3.1, table: codes.tsv} (or inline {@code values}): each non-empty value found in the
     * table is replaced; others are kept, cleared or make the message undeliverable ({@code otherwise}).
     *
     * @param source where the table came from, for rejection texts
     */
    record MapCodes(FieldPath path, Map<String, String> table, Otherwise otherwise, String source) implements Transform {
        public MapCodes {
            writable(path);
            table = Map.copyOf(table);
            for (Map.Entry<String, String> entry : table.entrySet()) {
                checkValue(entry.getKey(), path);
                checkValue(entry.getValue(), path);
            }
        }

        @Override
        public void apply(Er7Message message) throws TransformRejected {
            int ordinal = 0;
            for (Er7Message.Segment segment : message.segments(path.segment())) {
                ordinal++;
                int n = ordinal;
                message.update(segment, path, raw -> {
                    String code = Er7Escaping.translate(raw, message.separators(), Separators.STANDARD);
                    if (code.isEmpty()) {
                        return raw;
                    }
                    String mapped = table.get(code);
                    if (mapped != null) {
                        return write(mapped, message, this);
                    }
                    return switch (otherwise) {
                        case KEEP -> raw;
                        case CLEAR -> "";
                        case REJECT -> throw new TransformRejected("MB-0790: " + path + " of " + path.segment() + " " + n + " is '"
                                + code + "', which " + source + " does not map (otherwise: reject); add it to the table or"
                                + " choose otherwise: keep");
                    };
                });
            }
        }

        @Override
        public String describe() {
            return "map " + path + " through " + source;
        }
    }

    private static void writable(FieldPath path) {
        if (path.segment().equals("MSH") && PROTECTED_MSH_FIELDS.contains(path.field())) {
            throw new IllegalArgumentException(path + " cannot be changed by a transform: MSH-1 and MSH-2 are the delimiters, "
                    + "MSH-3, MSH-4 and MSH-10 are the broker's (sendingApplication, sendingFacility, the stable control id), "
                    + "MSH-18 follows the charset rule");
        }
    }

    /** A value in standard notation must fit its position: one repetition, components only in a whole field. */
    private static void checkValue(String value, FieldPath path) {
        if (value.indexOf('|') >= 0 || value.indexOf('~') >= 0) {
            throw new IllegalArgumentException("value '" + value + "' for " + path + " holds '|' or '~'; write \\F\\ or \\R\\ "
                    + "for the character itself");
        }
        if (path.depth() >= 2 && value.indexOf('^') >= 0 || path.depth() == 3 && value.indexOf('&') >= 0) {
            throw new IllegalArgumentException("value '" + value + "' for " + path + " holds '" + (value.indexOf('^') >= 0 ? '^' : '&')
                    + "', which would split a " + (path.depth() == 2 ? "component" : "subcomponent") + "; write \\S\\ or \\T\\ "
                    + "for the character itself");
        }
    }

    private static String write(String standard, Er7Message message, Transform rule) throws TransformRejected {
        try {
            return Er7Escaping.translate(standard, Separators.STANDARD, message.separators());
        } catch (IllegalArgumentException e) {
            throw new TransformRejected(e.getMessage() + " (" + rule.describe() + ")");
        }
    }
}
