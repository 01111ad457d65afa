package org.medbroker.mappings.hl7v2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic FHIR resource ids from business keys, so that the same v2 content always maps to the same id and the
 * store can upsert (a corrected result becomes a new version of the same Observation).
 *
 * <p>An id is the first 128 bits of SHA-256 over the resource type and the key parts, as 32 lowercase hex
 * characters (within the FHIR id charset and length). Parts are joined with a unit separator, so
 * ("a|b", "c") and ("a", "b|c") differ.
 */
public final class StableIds {
  private static final String SCHEME = "medbroker-v1";
  private static final char SEPARATOR = '\u001f';

  private StableIds() {
  }

  /** Id of a resource of {@code resourceType} identified by {@code keyParts} (null parts count as empty). */
  public static String of(String resourceType, String... keyParts) {
    StringBuilder key = new StringBuilder(SCHEME).append(SEPARATOR).append(resourceType);
    for (String part : keyParts) {
      key.append(SEPARATOR).append(part == null ? "" : part);
    }
    byte[] digest = sha256().digest(key.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 16);
  }

  /** Patient id from its first identifier: the FHIR system (may be null) and the value. */
  public static String patient(String system, String value) {
    return of("Patient", system, value);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
