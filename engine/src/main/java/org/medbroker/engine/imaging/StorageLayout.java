package org.medbroker.engine.imaging;

import java.nio.file.Path;
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

    private final String pattern;

    public StorageLayout(String pattern) {
        String unknown = unknownPlaceholder(pattern);
        if (unknown != null) {
            throw new IllegalArgumentException("unknown placeholder {" + unknown + "}");
        }
        this.pattern = pattern;
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
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(safe(value(header, m.group(1)))));
        }
        m.appendTail(path);
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
        String safe = value.trim().replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.chars().allMatch(c -> c == '.') ? "_" : safe;
    }
}
