package org.medbroker.mappings.dicom;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;

/**
 * DICOM PN (PS3.5 6.2) to HumanName: family {@code ^} given {@code ^} middle {@code ^} prefix {@code ^} suffix, one
 * group per representation (alphabetic {@code =} ideographic {@code =} phonetic). The first non-empty group is the
 * official name; the others follow as further names.
 */
final class PersonNames {

  private PersonNames() {
  }

  static List<HumanName> toHumanNames(String pn) {
    List<HumanName> names = new ArrayList<>();
    if (pn == null || pn.isBlank()) {
      return names;
    }
    for (String group : pn.split("=", -1)) {
      HumanName name = group(group);
      if (name != null) {
        names.add(name);
      }
    }
    if (!names.isEmpty()) {
      names.get(0).setUse(HumanName.NameUse.OFFICIAL);
    }
    return names;
  }

  /** "Family Given Middle" as a person would write it, or null when empty. */
  static String display(String pn) {
    List<HumanName> names = toHumanNames(pn);
    return names.isEmpty() ? null : names.get(0).getText();
  }

  private static HumanName group(String group) {
    String[] parts = group.split("\\^", -1);
    HumanName name = new HumanName();
    String family = part(parts, 0);
    if (family != null) {
      name.setFamily(family);
    }
    addIfPresent(name.getGiven(), part(parts, 1));
    addIfPresent(name.getGiven(), part(parts, 2));
    addIfPresent(name.getPrefix(), part(parts, 3));
    addIfPresent(name.getSuffix(), part(parts, 4));
    if (name.isEmpty()) {
      return null;
    }
    List<String> words = new ArrayList<>();
    name.getPrefix().forEach(p -> words.add(p.getValue()));
    if (family != null) {
      words.add(family);
    }
    name.getGiven().forEach(g -> words.add(g.getValue()));
    name.getSuffix().forEach(s -> words.add(s.getValue()));
    name.setText(String.join(" ", words));
    return name;
  }

  private static String part(String[] parts, int index) {
    if (index >= parts.length) {
      return null;
    }
    String value = parts[index].trim();
    return value.isEmpty() ? null : value;
  }

  private static void addIfPresent(List<StringType> list, String value) {
    if (value != null) {
      list.add(new StringType(value));
    }
  }
}
