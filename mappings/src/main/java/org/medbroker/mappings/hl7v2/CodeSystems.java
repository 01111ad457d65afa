package org.medbroker.mappings.hl7v2;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * FHIR system URIs for HL7 v2 "name of coding system" values (HL7 table 0396) and for assigning authorities (HD),
 * as the v2-to-FHIR IG maps them. The DICOM mapping uses the same rule for the issuer of a patient id, so one
 * patient keeps one identifier system whichever protocol names them.
 */
public final class CodeSystems {
  static final String LOINC = "http://loinc.org";
  static final String UCUM = "http://unitsofmeasure.org";

  private static final Map<String, String> KNOWN = Map.ofEntries(
      Map.entry("LN", LOINC),
      Map.entry("LOINC", LOINC),
      Map.entry("SCT", "http://snomed.info/sct"),
      Map.entry("SNOMED", "http://snomed.info/sct"),
      Map.entry("SNOMEDCT", "http://snomed.info/sct"),
      Map.entry("SNOMED-CT", "http://snomed.info/sct"),
      Map.entry("UCUM", UCUM),
      Map.entry("I10", "http://hl7.org/fhir/sid/icd-10"),
      Map.entry("ICD10", "http://hl7.org/fhir/sid/icd-10"),
      Map.entry("ICD-10", "http://hl7.org/fhir/sid/icd-10"),
      Map.entry("I10C", "http://hl7.org/fhir/sid/icd-10-cm"),
      Map.entry("I9C", "http://hl7.org/fhir/sid/icd-9-cm"),
      Map.entry("C4", "http://www.ama-assn.org/go/cpt"),
      Map.entry("CPT", "http://www.ama-assn.org/go/cpt"),
      Map.entry("NDC", "http://hl7.org/fhir/sid/ndc"),
      Map.entry("CVX", "http://hl7.org/fhir/sid/cvx"),
      Map.entry("RXNORM", "http://www.nlm.nih.gov/research/umls/rxnorm"),
      Map.entry("CDCREC", "urn:oid:2.16.840.1.113883.6.238"));

  private static final Pattern HL7_TABLE = Pattern.compile("HL7(\\d{4})");
  private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern ABSOLUTE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

  private CodeSystems() {
  }

  /**
   * The FHIR system for a coding system name and code, or null when the coding should carry no system: HL7 tables
   * map to {@code http://terminology.hl7.org/CodeSystem/v2-NNNN} only for codes the table defines; OIDs map to
   * {@code urn:oid:}; other names to {@code urn:medbroker:codesystem:<name>}.
   */
  static String forCoding(String name, String code) {
    if (name == null) {
      return null;
    }
    String known = KNOWN.get(name.toUpperCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    var table = HL7_TABLE.matcher(name.toUpperCase(Locale.ROOT));
    if (table.matches()) {
      String id = table.group(1);
      if (!V2Tables.knowsTable(id)) {
        return V2Tables.system(id);
      }
      return V2Tables.defines(id, code) ? V2Tables.system(id) : null;
    }
    if (isOid(name)) {
      return "urn:oid:" + name;
    }
    return "urn:medbroker:codesystem:" + encode(name);
  }

  /**
   * The identifier system for an assigning authority (HD): the site's mapping of the namespace id (or of the
   * universal id); {@code urn:oid:} for an ISO universal id; {@code urn:uuid:} for a UUID/GUID one; the universal
   * id itself when it is a URI; else {@code urn:medbroker:authority:<namespace or universal id>}; null when the
   * authority is empty.
   */
  public static String forAuthority(MappingOptions options, String namespace, String universalId, String universalIdType) {
    Map<String, String> configured = options.identifierSystems();
    if (namespace != null && configured.containsKey(namespace)) {
      return configured.get(namespace);
    }
    if (universalId != null && configured.containsKey(universalId)) {
      return configured.get(universalId);
    }
    if (universalId != null && universalIdType != null) {
      String type = universalIdType.toUpperCase(Locale.ROOT);
      if (type.equals("ISO") && isOid(universalId)) {
        return "urn:oid:" + universalId;
      }
      if ((type.equals("UUID") || type.equals("GUID")) && UUID.matcher(universalId).matches()) {
        return "urn:uuid:" + universalId.toLowerCase(Locale.ROOT);
      }
      if ((type.equals("URI") || type.equals("URL")) && ABSOLUTE_URI.matcher(universalId).matches()) {
        return universalId;
      }
    }
    if (namespace != null) {
      return "urn:medbroker:authority:" + encode(namespace);
    }
    if (universalId != null) {
      return "urn:medbroker:authority:" + encode(universalId);
    }
    return null;
  }

  static boolean isOid(String value) {
    return value != null && OID.matcher(value).matches();
  }

  /** Percent-encodes everything but unreserved URI characters, so any namespace yields a valid URN. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
  }
}
