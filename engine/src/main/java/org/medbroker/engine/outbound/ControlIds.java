package org.medbroker.engine.outbound;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The outbound MSH-10: a function of the journal sequence number and the destination only, so a
 * resend after a crash or a retry repeats it, and a receiver that discards repeated control ids
 * sees each message once. At most 20 characters (MSH-10 is ST(20) up to v2.5): {@code MB<seq>.<4 chars>}.
 */
final class ControlIds {

    private ControlIds() {}

    static String stable(long seq, String destination) {
        return "MB" + seq + "." + tag(destination);
    }

    /** For study event {@code number} (its id less 2^62): {@code MS<number>.<4 chars>}, as stable as a message's. */
    static String studyEvent(long number, String destination) {
        return "MS" + number + "." + tag(destination);
    }

    private static String tag(String destination) {
        CRC32 crc = new CRC32();
        crc.update(destination.getBytes(StandardCharsets.UTF_8));
        String tag = Long.toString(crc.getValue() % (36L * 36 * 36 * 36), 36);
        return "0".repeat(4 - tag.length()) + tag.toUpperCase(java.util.Locale.ROOT);
    }
}
