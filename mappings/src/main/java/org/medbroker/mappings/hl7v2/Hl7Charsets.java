package org.medbroker.mappings.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Character sets named in MSH-18 (HL7 table 0211), plus the non-standard names Russian and Kazakh systems send.
 *
 * <p>MSH up to MSH-18 is ASCII in every supported character set, so {@link #msh18(byte[])} reads it from the raw
 * bytes before the message is decoded; {@link #detect(byte[], Charset)} combines both steps.
 */
public final class Hl7Charsets {
  private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

  private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
      Map.entry("ASCII", "US-ASCII"),
      Map.entry("UNICODE", "UTF-8"),
      Map.entry("UNICODE UTF-8", "UTF-8"),
      Map.entry("UTF-8", "UTF-8"),
      Map.entry("UTF8", "UTF-8"),
      Map.entry("UNICODE UTF-16", "UTF-16"),
      Map.entry("UNICODE UTF-32", "UTF-32"),
      Map.entry("8859/1", "ISO-8859-1"),
      Map.entry("8859/2", "ISO-8859-2"),
      Map.entry("8859/3", "ISO-8859-3"),
      Map.entry("8859/4", "ISO-8859-4"),
      Map.entry("8859/5", "ISO-8859-5"),
      Map.entry("8859/6", "ISO-8859-6"),
      Map.entry("8859/7", "ISO-8859-7"),
      Map.entry("8859/8", "ISO-8859-8"),
      Map.entry("8859/9", "ISO-8859-9"),
      Map.entry("8859/15", "ISO-8859-15"),
      Map.entry("ISO IR6", "US-ASCII"),
      Map.entry("ISO IR100", "ISO-8859-1"),
      Map.entry("ISO IR101", "ISO-8859-2"),
      Map.entry("ISO IR126", "ISO-8859-7"),
      Map.entry("ISO IR127", "ISO-8859-6"),
      Map.entry("ISO IR138", "ISO-8859-8"),
      Map.entry("ISO IR144", "ISO-8859-5"),
      Map.entry("ISO IR148", "ISO-8859-9"),
      Map.entry("ISO IR192", "UTF-8"),
      Map.entry("GB 18030-2000", "GB18030"),
      Map.entry("KS X 1001", "EUC-KR"),
      Map.entry("BIG-5", "Big5"),
      // Not in table 0211, but sent by systems in Russia and Kazakhstan.
      Map.entry("CP1251", "windows-1251"),
      Map.entry("WINDOWS-1251", "windows-1251"),
      Map.entry("WIN-1251", "windows-1251"),
      Map.entry("WIN1251", "windows-1251"),
      Map.entry("1251", "windows-1251"),
      Map.entry("CP866", "IBM866"),
      Map.entry("KOI8-R", "KOI8-R"));

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private Hl7Charsets() {
  }

  /**
   * The charset an MSH-18 value names; {@code listenerDefault} when it is empty or unknown. Only the first
   * repetition counts (the others name alternate character sets for escape sequences).
   */
  public static Charset forMsh18(String msh18, Charset listenerDefault) {
    if (msh18 == null) {
      return listenerDefault;
    }
    String first = msh18;
    int repetition = first.indexOf('~');
    if (repetition >= 0) {
      first = first.substring(0, repetition);
    }
    String name = first.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    String javaName = JAVA_NAMES.get(name);
    if (javaName == null) {
      return listenerDefault;
    }
    return "windows-1251".equals(javaName) ? WINDOWS_1251 : Charset.forName(javaName);
  }

  /** The names {@link #msh18Name} prefers: table 0211's, then the ones Russian and Kazakh systems read. */
  private static final java.util.List<String> PREFERRED_NAMES = java.util.List.of(
      "UNICODE UTF-8", "ASCII", "8859/1", "8859/2", "8859/3", "8859/4", "8859/5", "8859/6", "8859/7", "8859/8", "8859/9",
      "8859/15", "GB 18030-2000", "KS X 1001", "BIG-5", "UNICODE UTF-16", "UNICODE UTF-32", "CP1251", "CP866", "KOI8-R");

  /** What MSH-18 should say for a message written in {@code charset}: table 0211's name ({@code CP1251} for windows-1251). */
  public static Optional<String> msh18Name(Charset charset) {
    return PREFERRED_NAMES.stream().filter(name -> forMsh18(name, null) != null && forMsh18(name, null).equals(charset))
        .findFirst();
  }

  /**
   * MSH-18 read from the undecoded message, empty when the message has no MSH-18 (or does not start with MSH).
   * A leading UTF-8 byte order mark is skipped.
   */
  public static Optional<String> msh18(byte[] er7) {
    int start = hasUtf8Bom(er7) ? UTF8_BOM.length : 0;
    if (er7.length < start + 8 || er7[start] != 'M' || er7[start + 1] != 'S' || er7[start + 2] != 'H') {
      return Optional.empty();
    }
    byte fieldSeparator = er7[start + 3];
    int field = 2; // the separator itself is MSH-1, the encoding characters MSH-2
    int fieldStart = start + 4;
    for (int i = start + 4; i <= er7.length; i++) {
      boolean end = i == er7.length || er7[i] == '\r' || er7[i] == '\n';
      if (end || er7[i] == fieldSeparator) {
        if (field == 18) {
          String value = new String(er7, fieldStart, i - fieldStart, StandardCharsets.US_ASCII).trim();
          return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        if (end) {
          return Optional.empty();
        }
        field++;
        fieldStart = i + 1;
      }
    }
    return Optional.empty();
  }

  /**
   * The charset to decode {@code er7} with: the one MSH-18 names; else UTF-8 when the bytes start with a UTF-8
   * byte order mark; else {@code listenerDefault}.
   */
  public static Charset detect(byte[] er7, Charset listenerDefault) {
    Charset fallback = hasUtf8Bom(er7) ? StandardCharsets.UTF_8 : listenerDefault;
    return msh18(er7).map(value -> forMsh18(value, fallback)).orElse(fallback);
  }

  private static boolean hasUtf8Bom(byte[] bytes) {
    return bytes.length >= 3 && bytes[0] == UTF8_BOM[0] && bytes[1] == UTF8_BOM[1] && bytes[2] == UTF8_BOM[2];
  }
}
