package org.medbroker.engine.imaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an object goes below the storage directory: a pattern such as
 * {@code {StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm}. Values are made safe for
 * every file system (anything but letters, digits, dot, dash and underscore becomes {@code _}), so a
 * patient id can never climb out of the storage directory.
 */
public final class StorageLayout {

    public static final List<String> PLACEHOLDERS = List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
            "SOPClassUID", "PatientID", "StudyDate", "Modality", "AccessionNumber");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    /** The pattern cut once into literal text and placeholder names, alternately, starting with text. */
    private final List<String> parts;

    public StorageLayout(String pattern) {
        String unknown = unknownPlaceholder(pattern);
        if (unknown != null) {
            throw new IllegalArgumentException("unknown placeholder {" + unknown + "}");
        }
        List<String> cut = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        int end = 0;
        while (m.find()) {
            cut.add(pattern.substring(end, m.start()));
            cut.add(m.group(1));
            end = m.end();
        }
        cut.add(pattern.substring(end));
        this.parts = List.copyOf(cut);
    }

    /** The first placeholder of {@code pattern} that is not one of {@link #PLACEHOLDERS}, or null. */
    public static String unknownPlaceholder(String pattern) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                return m.group(1);
            }
        }
        return null;
    }

    Path resolve(Path root, InstanceHeader header) {
        StringBuilder path = new StringBuilder(128);
        for (int i = 0; i < parts.size(); i++) {
            path.append(i % 2 == 0 ? parts.get(i) : safe(value(header, parts.get(i))));
        }
        Path resolved = root.resolve(path.toString()).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("layout leaves the storage directory");
        }
        return resolved;
    }

    private static String value(InstanceHeader h, String name) {
        return switch (name) {
            case "StudyInstanceUID" -> h.studyInstanceUid();
            case "SeriesInstanceUID" -> h.series().seriesInstanceUid();
            case "SOPInstanceUID" -> h.instance().sopInstanceUid();
            case "SOPClassUID" -> h.instance().sopClassUid();
            case "PatientID" -> h.patient().patientId();
            case "StudyDate" -> h.studyDate();
            case "Modality" -> h.series().modality();
            case "AccessionNumber" -> h.accessionNumber();
            default -> throw new IllegalStateException(name);
        };
    }

    private static String safe(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        String trimmed = value.trim();
        StringBuilder safe = new StringBuilder(trimmed.length());
        boolean dotsOnly = true;
        for (int i = 0; i < trimmed.length(); ) {
            int c = trimmed.codePointAt(i);
            i += Character.charCount(c);
            boolean allowed = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-';
            safe.append(allowed ? (char) c : '_');
            dotsOnly &= c == '.';
        }
        return dotsOnly ? "_" : safe.toString();
    }
}
