package org.medbroker.engine.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a journal entry.
 *
 * <pre>
 * +--------+--------+------------------------------------------------------------------+
 * | length | crc32c | body: seq(8) receivedAt micros(8) listener(2+n) remote(2+n)       |
 * |  (4)   |  (4)   |       protocol(1+n) payload(4+n)                                 |
 * +--------+--------+------------------------------------------------------------------+
 * </pre>
 *
 * length counts the body only; crc32c covers the body. A record whose length or checksum does not
 * hold is a torn write from a crash and ends the segment.
 */
final class EntryCodec {

    static final int HEADER_BYTES = 8;

    private EntryCodec() {}

    static int encodedSize(JournalEntry entry, byte[] listener, byte[] remote, byte[] protocol) {
        return HEADER_BYTES + 8 + 8 + 2 + listener.length + 2 + remote.length + 1 + protocol.length + 4
                + entry.payload().length;
    }

    /** Writes the entry at the buffer's position; the buffer must have room for {@link #encodedSize}. */
    static void encode(JournalEntry entry, ByteBuffer out) {
        byte[] listener = utf8(entry.listener());
        byte[] remote = utf8(entry.remoteAddress());
        byte[] protocol = utf8(entry.protocol());
        int start = out.position();
        out.position(start + HEADER_BYTES);
        int bodyStart = out.position();
        out.putLong(entry.seq());
        Instant at = entry.receivedAt();
        out.putLong(at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
        out.putShort((short) listener.length).put(listener);
        out.putShort((short) remote.length).put(remote);
        out.put((byte) protocol.length).put(protocol);
        out.putInt(entry.payload().length).put(entry.payload());
        int bodyEnd = out.position();
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(bodyStart).limit(bodyEnd));
        out.putInt(start, bodyEnd - bodyStart);
        out.putInt(start + 4, (int) crc.getValue());
    }

    /** Decodes a body whose checksum has already been verified. */
    static JournalEntry decodeBody(ByteBuffer body) {
        long seq = body.getLong();
        long micros = body.getLong();
        String listener = string(body, Short.toUnsignedInt(body.getShort()));
        String remote = string(body, Short.toUnsignedInt(body.getShort()));
        String protocol = string(body, Byte.toUnsignedInt(body.get()));
        byte[] payload = new byte[body.getInt()];
        body.get(payload);
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        return new JournalEntry(seq, at, listener, remote, protocol, payload);
    }

    static boolean checksumHolds(ByteBuffer body, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue() == expected;
    }

    static byte[] utf8(String s) {
        byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        return bytes.length > 255 ? java.util.Arrays.copyOf(bytes, 255) : bytes;
    }

    private static String string(ByteBuffer body, int length) {
        byte[] bytes = new byte[length];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
