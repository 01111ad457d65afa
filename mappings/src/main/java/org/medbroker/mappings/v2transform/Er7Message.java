package org.medbroker.mappings.v2transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One HL7 v2 message as ER7 text, held as segments of raw fields (escape sequences left as they are) and
 * edited in place, in the message's own delimiters. Segments end with {@code <CR>}; MSH-1 is the field
 * separator itself, so MSH-n is the (n-1)th piece after the segment id while SEG-n of any other segment is the
 * nth.
 */
final class Er7Message {

    /** A change of one value (raw ER7 in the message's delimiters). */
    @FunctionalInterface
    interface Edit {
        String apply(String raw) throws TransformRejected;
    }

    /** One segment: its id and raw fields; {@code pieces[0]} is the id. */
    static final class Segment {
        private final boolean msh;
        private String[] pieces;
        private final String verbatim;

        private Segment(String line, char fieldSeparator) {
            this.msh = line.startsWith("MSH");
            boolean isSegment = line.length() >= 3;
            this.pieces = isSegment ? split(line, fieldSeparator) : null;
            this.verbatim = isSegment ? null : line;
        }

        String id() {
            return pieces == null ? "" : pieces[0];
        }

        private int index(int field) {
            return msh ? field - 1 : field;
        }

        String field(int n) {
            int i = index(n);
            return pieces != null && i < pieces.length ? pieces[i] : "";
        }

        void field(int n, String value) {
            int i = index(n);
            if (i >= pieces.length && value.isEmpty()) {
                return;
            }
            if (i >= pieces.length) {
                String[] longer = Arrays.copyOf(pieces, i + 1);
                Arrays.fill(longer, pieces.length, longer.length, "");
                pieces = longer;
            }
            pieces[i] = value;
        }

        private String encode(char fieldSeparator) {
            return pieces == null ? verbatim : String.join(String.valueOf(fieldSeparator), pieces);
        }
    }

    private final Separators separators;
    private final List<Segment> segments = new ArrayList<>();

    private Er7Message(Separators separators) {
        this.separators = separators;
    }

    /**
     * @throws IllegalArgumentException when the text does not start with MSH
     */
    static Er7Message parse(String text) {
        Er7Message message = new Er7Message(Separators.of(text));
        for (String line : text.split("\r", -1)) {
            message.segments.add(new Segment(line, message.separators.field()));
        }
        return message;
    }

    Separators separators() {
        return separators;
    }

    List<Segment> segments(String id) {
        return segments.stream().filter(s -> s.id().equals(id)).toList();
    }

    void removeSegments(Set<String> ids) {
        segments.removeIf(s -> ids.contains(s.id()));
    }

    /** The values at {@code path} in {@code segment}, one per selected repetition (empty text where absent). */
    List<String> read(Segment segment, FieldPath path) {
        List<String> repetitions = repetitions(segment.field(path.field()));
        List<String> values = new ArrayList<>();
        if (path.repetition() == FieldPath.ALL_REPETITIONS) {
            repetitions.forEach(r -> values.add(inRepetition(r, path)));
        } else {
            values.add(path.repetition() <= repetitions.size() ? inRepetition(repetitions.get(path.repetition() - 1), path) : "");
        }
        return values;
    }

    /** Applies {@code edit} to each selected value at {@code path} in {@code segment}, adding positions as needed. */
    void update(Segment segment, FieldPath path, Edit edit) throws TransformRejected {
        List<String> repetitions = new ArrayList<>(repetitions(segment.field(path.field())));
        if (path.repetition() == FieldPath.ALL_REPETITIONS) {
            for (int i = 0; i < repetitions.size(); i++) {
                repetitions.set(i, editRepetition(repetitions.get(i), path, edit));
            }
        } else {
            while (repetitions.size() < path.repetition()) {
                repetitions.add("");
            }
            int i = path.repetition() - 1;
            repetitions.set(i, editRepetition(repetitions.get(i), path, edit));
        }
        while (repetitions.size() > 1 && repetitions.get(repetitions.size() - 1).isEmpty()) {
            repetitions.remove(repetitions.size() - 1);
        }
        segment.field(path.field(), String.join(String.valueOf(separators.repetition()), repetitions));
    }

    String encode() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                out.append('\r');
            }
            out.append(segments.get(i).encode(separators.field()));
        }
        return out.toString();
    }

    private List<String> repetitions(String field) {
        return Arrays.asList(split(field, separators.repetition()));
    }

    private String inRepetition(String repetition, FieldPath path) {
        if (path.component() == 0) {
            return repetition;
        }
        String component = piece(repetition, separators.component(), path.component());
        return path.subcomponent() == 0 ? component : piece(component, separators.subcomponent(), path.subcomponent());
    }

    private String editRepetition(String repetition, FieldPath path, Edit edit) throws TransformRejected {
        if (path.component() == 0) {
            return edit.apply(repetition);
        }
        String component = piece(repetition, separators.component(), path.component());
        String edited = path.subcomponent() == 0 ? edit.apply(component)
                : withPiece(component, separators.subcomponent(), path.subcomponent(), edit.apply(
                        piece(component, separators.subcomponent(), path.subcomponent())));
        return withPiece(repetition, separators.component(), path.component(), edited);
    }

    private static String[] split(String text, char separator) {
        if (separator == 0) {
            return new String[] {text};
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == separator) {
                pieces.add(text.substring(start, i));
                start = i + 1;
            }
        }
        pieces.add(text.substring(start));
        return pieces.toArray(String[]::new);
    }

    private static String piece(String text, char separator, int n) {
        String[] pieces = split(text, separator);
        return n <= pieces.length ? pieces[n - 1] : "";
    }

    /** {@code text} with its nth piece replaced, padded with separators when shorter, trailing empty pieces dropped. */
    private static String withPiece(String text, char separator, int n, String value) {
        if (separator == 0) {
            return n == 1 ? value : text;
        }
        List<String> pieces = new ArrayList<>(Arrays.asList(split(text, separator)));
        while (pieces.size() < n) {
            pieces.add("");
        }
        pieces.set(n - 1, value);
        while (pieces.size() > 1 && pieces.get(pieces.size() - 1).isEmpty()) {
            pieces.remove(pieces.size() - 1);
        }
        return String.join(String.valueOf(separator), pieces);
    }
}
