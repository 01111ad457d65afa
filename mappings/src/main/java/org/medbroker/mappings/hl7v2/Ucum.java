package org.medbroker.mappings.hl7v2;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

/** Whether a unit string is a valid UCUM expression (the UCUM essence shipped with the ucum library). */
final class Ucum {
  private static final int CACHE_LIMIT = 4096;
  private static final Map<String, Boolean> CACHE = new ConcurrentHashMap<>();

  private Ucum() {
  }

  static boolean isValid(String unit) {
    if (unit == null || unit.isBlank() || unit.length() > 64) {
      return false;
    }
    Boolean cached = CACHE.get(unit);
    if (cached != null) {
      return cached;
    }
    boolean valid;
    try {
      synchronized (Essence.SERVICE) { // the library does not promise thread safety; misses are rare
        valid = Essence.SERVICE.validate(unit) == null;
      }
    } catch (RuntimeException e) {
      valid = false;
    }
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(unit, valid);
    }
    return valid;
  }

  /** Loaded on first use. */
  private static final class Essence {
    static final UcumEssenceService SERVICE = load();

    private static UcumEssenceService load() {
      try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
        if (in == null) {
          throw new IllegalStateException("ucum-essence.xml is missing from the ucum library");
        }
        return new UcumEssenceService(in);
      } catch (UcumException | java.io.IOException e) {
        throw new IllegalStateException("cannot load the UCUM essence", e);
      }
    }
  }
}
