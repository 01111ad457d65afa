package org.medbroker.mappings.hl7v2;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Site settings of the mapping.
 *
 * @param identifierSystems HL7 assigning authority namespace id (CX-4.1, EI-2, HD-1; matched case-insensitively) to
 *                          the FHIR identifier system URI to use for it
 * @param defaultZone       zone of v2 timestamps that carry no offset
 */
public record MappingOptions(Map<String, String> identifierSystems, ZoneId defaultZone) {

  /** Russian SNILS (insurance number of the individual personal account), OID 1.2.643.100.3. */
  public static final String SNILS_SYSTEM = "urn:oid:1.2.643.100.3";
  /** Kazakh IIN (individual identification number); no registered URI is known, so a medbroker URN. */
  public static final String KZ_IIN_SYSTEM = "urn:medbroker:id:kz-iin";

  public MappingOptions {
    Objects.requireNonNull(identifierSystems, "identifierSystems");
    Objects.requireNonNull(defaultZone, "defaultZone");
    TreeMap<String, String> systems = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    identifierSystems.forEach((namespace, system) -> systems.put(namespace.trim(),
        Objects.requireNonNull(system, "identifier system for " + namespace)));
    identifierSystems = Collections.unmodifiableMap(systems);
  }

  /**
   * Known national identifiers (assigning authority {@code SNILS} and {@code IIN}) and UTC for timestamps without
   * offset; a site sets its own zone with {@link #withDefaultZone(ZoneId)}.
   */
  public static MappingOptions defaults() {
    return new MappingOptions(Map.of("SNILS", SNILS_SYSTEM, "IIN", KZ_IIN_SYSTEM), ZoneOffset.UTC);
  }

  /** The same identifier systems with another default zone. */
  public MappingOptions withDefaultZone(ZoneId zone) {
    return new MappingOptions(identifierSystems, zone);
  }

  /** These identifier systems plus (overriding) {@code more}. */
  public MappingOptions withIdentifierSystems(Map<String, String> more) {
    TreeMap<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.putAll(identifierSystems);
    all.putAll(more);
    return new MappingOptions(all, defaultZone);
  }
}
