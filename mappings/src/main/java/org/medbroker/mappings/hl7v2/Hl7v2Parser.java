package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.EncodingNotSupportedException;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses ER7 (pipe-delimited) HL7 v2 text of any version HAPI knows (2.1 to 2.8.1; the mapper is built for 2.3 to
 * 2.5.1) into the canonical v2.5.1 model, without validation: the mapper decides what it needs and says what is
 * wrong with the message in its own terms.
 *
 * <p>Tolerated on input, as received from real senders: a leading UTF-8 byte order mark, LF or CR LF instead of the
 * CR segment terminator, an empty OBX-2 or one naming an unknown type (its OBX-5 is then read as ST; the mapper
 * rejects unknown types), and a MSH-9.3 naming a structure that v2.5.1 does not define (e.g. {@code ADT_A04}
 * from v2.6 and later; the structure is then looked up from the event, as for a message without MSH-9.3).
 *
 * <p>Thread-safe: HAPI's {@link PipeParser} caches structure definitions in an unsynchronised map, so each thread
 * gets its own parser over one shared, read-only {@link HapiContext}.
 */
public final class Hl7v2Parser {
  private static final Hl7v2Parser SHARED = new Hl7v2Parser();

  private final ThreadLocal<PipeParser> parsers;

  private Hl7v2Parser() {
    HapiContext context = new DefaultHapiContext(new CanonicalStructures());
    context.setValidationContext(ValidationContextFactory.noValidation());
    ParserConfiguration configuration = context.getParserConfiguration();
    configuration.setValidating(false);
    configuration.setDefaultObx2Type("ST");
    configuration.setInvalidObx2Type("ST");
    parsers = ThreadLocal.withInitial(() -> new PipeParser(context));
  }

  /** The shared instance. */
  public static Hl7v2Parser shared() {
    return SHARED;
  }

  /**
   * Parses one message.
   *
   * @throws Hl7v2ParseException when the text is not an HL7 v2 message HAPI can read; the engine answers AR
   */
  public Message parse(String er7) throws Hl7v2ParseException {
    if (er7 == null) {
      throw new Hl7v2ParseException("100", "MB-0151: the message is empty; send an ER7 message starting with MSH");
    }
    String text = normalize(er7);
    if (text.length() < 8 || !text.startsWith("MSH")) {
      throw new Hl7v2ParseException("100",
          "MB-0151: the message does not start with an MSH segment; send one ER7 message starting with MSH");
    }
    checkVersion(text);
    try {
      return parsers.get().parse(text);
    } catch (EncodingNotSupportedException e) {
      throw new Hl7v2ParseException("100", "MB-0153: the message is not valid ER7: a segment does not start with"
          + " a three-character segment id, or MSH-1/MSH-2 are malformed; send segments like MSH|^~\\&|...");
    } catch (HL7Exception e) {
      throw new Hl7v2ParseException(code(e), "MB-0154: the message cannot be parsed (" + describe(e)
          + "); check that its segments follow HL7 v2.5.1 ER7 encoding");
    } catch (RuntimeException e) {
      throw new Hl7v2ParseException("207", "MB-0159: the HL7 parser failed on this message ("
          + e.getClass().getSimpleName() + "); check its segments against HL7 v2.5.1");
    }
  }

  /** Strips a byte order mark and leading blank lines, turns LF and CR LF into the CR segment terminator. */
  static String normalize(String er7) {
    String text = er7;
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    text = text.substring(start);
    if (text.indexOf('\n') >= 0) {
      text = text.replace("\r\n", "\r").replace('\n', '\r');
    }
    return text;
  }

  private static void checkVersion(String text) throws Hl7v2ParseException {
    char fieldSeparator = text.charAt(3);
    int segmentEnd = text.indexOf('\r');
    String msh = segmentEnd < 0 ? text : text.substring(0, segmentEnd);
    String[] fields = msh.split(Pattern.quote(String.valueOf(fieldSeparator)), -1);
    // fields[0] is "MSH", fields[1] is MSH-2, so MSH-n is fields[n - 1]
    String version = fields.length > 11 ? fields[11] : "";
    int component = version.indexOf(fields.length > 1 && !fields[1].isEmpty() ? fields[1].charAt(0) : '^');
    if (component >= 0) {
      version = version.substring(0, component);
    }
    version = version.trim();
    if (version.isEmpty()) {
      throw new Hl7v2ParseException("203", "MB-0152: MSH-12 (version id) is empty; send 2.3, 2.3.1, 2.4, 2.5 or 2.5.1");
    }
    if (Version.versionOf(version) == null) {
      throw new Hl7v2ParseException("203",
          "MB-0152: MSH-12 names an HL7 version this parser does not know; send 2.3, 2.3.1, 2.4, 2.5 or 2.5.1");
    }
  }

  private static String code(HL7Exception e) {
    ErrorCode error = e.getError();
    return error == null ? "100" : String.valueOf(error.getCode());
  }

  /** The HL7 error kind and location only: HAPI's message text may quote field values. */
  private static String describe(HL7Exception e) {
    StringBuilder text = new StringBuilder();
    ErrorCode error = e.getError();
    text.append(error == null ? "parse error" : error.getMessage().toLowerCase(Locale.ROOT));
    Location location = e.getLocation();
    if (location != null && location.getSegmentName() != null) {
      text.append(" at ").append(location.getSegmentName());
      if (location.getField() > 0) {
        text.append('-').append(location.getField());
      }
    }
    return text.toString();
  }

  /**
   * The canonical v2.5.1 model, with one fallback: when MSH-9.3 names a structure v2.5.1 does not define, the
   * structure is looked up from message code and trigger event.
   */
  private static final class CanonicalStructures extends CanonicalModelClassFactory {
    private static final long serialVersionUID = 1L;

    CanonicalStructures() {
      super("2.5.1");
    }

    @Override
    public Class<? extends Message> getMessageClass(String name, String version, boolean isExplicit)
        throws HL7Exception {
      Class<? extends Message> structure = super.getMessageClass(name, version, isExplicit);
      if (isExplicit && (structure == null || GenericMessage.class.isAssignableFrom(structure))) {
        Class<? extends Message> byEvent = super.getMessageClass(name, version, false);
        if (byEvent != null && !GenericMessage.class.isAssignableFrom(byEvent)) {
          structure = byEvent;
        }
      }
      return structure;
    }
  }
}
