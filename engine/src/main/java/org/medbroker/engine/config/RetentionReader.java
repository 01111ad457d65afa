package org.medbroker.engine.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A listener's {@code retention}: how long its journaled messages are kept once nothing waits to
 * deliver them ({@code 90d}, {@code 36h}); absent or {@code forever} keeps them.
 */
final class RetentionReader {

    /** Below this the pruner, which runs hourly, could not keep the promise anyway. */
    static final Duration MINIMUM = Duration.ofHours(1);
    private static final String FOREVER = "forever";

    private RetentionReader() {}

    /** Empty to keep forever; errors go to the section's reader with their line. */
    static Optional<Duration> read(YamlSection s, String listener, boolean dicom) {
        Optional<Duration> retention = s.parsed("retention", FOREVER, RetentionReader::parse,
                "a duration of at least 1h such as 90d or 36h, or forever");
        if (dicom && retention.isPresent()) {
            s.reader().error(s.node(), "listener '" + listener + "': 'retention' prunes journaled HL7 and ASTM messages;"
                    + " a dicom listener journals none");
            return Optional.empty();
        }
        return retention;
    }

    private static Optional<Duration> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals(FOREVER)) {
            return Optional.empty();
        }
        long n = Long.parseLong(t.substring(0, Math.max(0, t.length() - 1)));
        Duration retention = switch (t.charAt(t.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(text);
        };
        if (retention.compareTo(MINIMUM) < 0) {
            throw new IllegalArgumentException(text);
        }
        return Optional.of(retention);
    }
}
