package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** HL7 v2 data types to FHIR data types, per the v2-to-FHIR IG datatype maps. */
final class DataTypes {
  private static final Map<String, HumanName.NameUse> NAME_USE = Map.ofEntries(
      Map.entry("L", HumanName.NameUse.OFFICIAL),
      Map.entry("R", HumanName.NameUse.OFFICIAL),
      Map.entry("C", HumanName.NameUse.OFFICIAL),
      Map.entry("I", HumanName.NameUse.OFFICIAL),
      Map.entry("D", HumanName.NameUse.USUAL),
      Map.entry("K", HumanName.NameUse.USUAL),
      Map.entry("T", HumanName.NameUse.USUAL),
      Map.entry("M", HumanName.NameUse.MAIDEN),
      Map.entry("N", HumanName.NameUse.NICKNAME),
      Map.entry("A", HumanName.NameUse.ANONYMOUS),
      Map.entry("S", HumanName.NameUse.ANONYMOUS),
      Map.entry("B", HumanName.NameUse.OLD),
      Map.entry("BAD", HumanName.NameUse.OLD),
      Map.entry("NOUSE", HumanName.NameUse.OLD),
      Map.entry("TEMP", HumanName.NameUse.TEMP),
      Map.entry("NB", HumanName.NameUse.TEMP),
      Map.entry("NAV", HumanName.NameUse.TEMP));

  private DataTypes() {
  }

  /**
   * CX to Identifier: CX-1 value; system from CX-4 (see {@link CodeSystems#forAuthority}); CX-5 as a v2-0203
   * type when table 0203 defines it, else as type text. Null when CX-1 is empty.
   */
  static Identifier identifier(MappingOptions options, Type cx) {
    String value = Fields.value(cx, 1);
    if (value == null) {
      return null;
    }
    Identifier identifier = new Identifier().setValue(value);
    String system = CodeSystems.forAuthority(options, Fields.value(cx, 4, 1), Fields.value(cx, 4, 2),
        Fields.value(cx, 4, 3));
    if (system != null) {
      identifier.setSystem(system);
    }
    String type = Fields.value(cx, 5);
    if (type != null) {
      identifier.setType(identifierType(type));
    }
    return identifier;
  }

  /** An identifier type from HL7 table 0203. */
  static CodeableConcept identifierType(String code) {
    if (V2Tables.defines("0203", code)) {
      return new CodeableConcept(new Coding(V2Tables.system("0203"), code, V2Tables.display("0203", code)));
    }
    return new CodeableConcept().setText(code);
  }

  /**
   * EI to Identifier: EI-1 value, system from EI-2..EI-4 as an assigning authority, and the given 0203 type
   * (PLAC, FILL). Null when EI-1 is empty.
   */
  static Identifier identifier(MappingOptions options, Type ei, String typeCode) {
    String value = Fields.value(ei, 1);
    if (value == null) {
      return null;
    }
    Identifier identifier = new Identifier().setValue(value);
    String system = CodeSystems.forAuthority(options, Fields.value(ei, 2), Fields.value(ei, 3), Fields.value(ei, 4));
    if (system != null) {
      identifier.setSystem(system);
    }
    if (typeCode != null) {
      identifier.setType(identifierType(typeCode));
    }
    return identifier;
  }

  /** Same as {@link #identifier(MappingOptions, Type, String)} for an EI held in components of another type. */
  static Identifier identifier(MappingOptions options, String value, String namespace, String universalId,
      String universalIdType, String typeCode) {
    if (value == null) {
      return null;
    }
    Identifier identifier = new Identifier().setValue(value);
    String system = CodeSystems.forAuthority(options, namespace, universalId, universalIdType);
    if (system != null) {
      identifier.setSystem(system);
    }
    if (typeCode != null) {
      identifier.setType(identifierType(typeCode));
    }
    return identifier;
  }

  /** A stable key for an EI: entity id and its authority, or null when EI-1 is empty. */
  static String key(Type ei) {
    String value = Fields.value(ei, 1);
    if (value == null) {
      return null;
    }
    String authority = firstNonNull(Fields.value(ei, 2), Fields.value(ei, 3));
    return authority == null ? value : value + "^" + authority;
  }

  /**
   * XPN to HumanName: family from XPN-1.1, given from XPN-2 and then XPN-3 (middle name or patronymic), prefix
   * XPN-5, suffix XPN-4 and XPN-6 (degree), use from XPN-7 (table 0200). Null when it has no name part.
   */
  static HumanName name(Type xpn) {
    HumanName name = new HumanName();
    String family = Fields.value(xpn, 1, 1);
    if (family != null) {
      name.setFamily(family);
    }
    addIfPresent(name.getGiven(), Fields.value(xpn, 2));
    addIfPresent(name.getGiven(), Fields.value(xpn, 3));
    addIfPresent(name.getPrefix(), Fields.value(xpn, 5));
    addIfPresent(name.getSuffix(), Fields.value(xpn, 4));
    addIfPresent(name.getSuffix(), Fields.value(xpn, 6));
    if (name.isEmpty()) {
      return null;
    }
    String type = Fields.value(xpn, 7);
    if (type != null && NAME_USE.containsKey(type.toUpperCase(Locale.ROOT))) {
      name.setUse(NAME_USE.get(type.toUpperCase(Locale.ROOT)));
    }
    return name;
  }

  /**
   * XAD to Address: lines from XAD-1.1 and XAD-2, city XAD-3, state XAD-4, postal code XAD-5, country XAD-6,
   * district XAD-9, use and type from XAD-7 (table 0190). Null when empty.
   */
  static Address address(Type xad) {
    Address address = new Address();
    addIfPresent(address.getLine(), Fields.value(xad, 1, 1));
    addIfPresent(address.getLine(), Fields.value(xad, 2));
    String city = Fields.value(xad, 3);
    if (city != null) {
      address.setCity(city);
    }
    String state = Fields.value(xad, 4);
    if (state != null) {
      address.setState(state);
    }
    String postalCode = Fields.value(xad, 5);
    if (postalCode != null) {
      address.setPostalCode(postalCode);
    }
    String country = Fields.value(xad, 6);
    if (country != null) {
      address.setCountry(country);
    }
    String district = Fields.value(xad, 9);
    if (district != null) {
      address.setDistrict(district);
    }
    if (address.isEmpty()) {
      return null;
    }
    String type = Fields.value(xad, 7);
    if (type != null) {
      switch (type.toUpperCase(Locale.ROOT)) {
        case "H", "P", "L" -> address.setUse(Address.AddressUse.HOME);
        case "B", "O" -> address.setUse(Address.AddressUse.WORK);
        case "C", "V" -> address.setUse(Address.AddressUse.TEMP);
        case "BA" -> address.setUse(Address.AddressUse.OLD);
        case "M" -> address.setType(Address.AddressType.POSTAL);
        default -> {
          // no FHIR equivalent
        }
      }
    }
    return address;
  }

  /**
   * XTN to ContactPoint. The value is XTN-4 for e-mail, else XTN-12 (unformatted), XTN-1, or the number built
   * from XTN-5 to XTN-8. System from XTN-3 (table 0202) and XTN-2 (table 0201); use from XTN-2, else
   * {@code defaultUse}. Null when there is no value.
   */
  static ContactPoint contactPoint(Type xtn, ContactPoint.ContactPointUse defaultUse) {
    String useCode = upper(Fields.value(xtn, 2));
    String equipment = upper(Fields.value(xtn, 3));
    String email = Fields.value(xtn, 4);
    boolean isEmail = "NET".equals(useCode) || "INTERNET".equals(equipment) || "X.400".equals(equipment);
    String value = isEmail ? firstNonNull(email, Fields.value(xtn, 1)) : firstNonNull(Fields.value(xtn, 12),
        Fields.value(xtn, 1), number(xtn));
    if (value == null) {
      return null;
    }
    ContactPoint point = new ContactPoint().setValue(value);
    if (isEmail) {
      point.setSystem(ContactPoint.ContactPointSystem.EMAIL);
    } else if ("BPN".equals(useCode) || "BP".equals(equipment)) {
      point.setSystem(ContactPoint.ContactPointSystem.PAGER);
    } else if ("FX".equals(equipment)) {
      point.setSystem(ContactPoint.ContactPointSystem.FAX);
    } else if ("MD".equals(equipment) || "TDD".equals(equipment) || "TTY".equals(equipment)) {
      point.setSystem(ContactPoint.ContactPointSystem.OTHER);
    } else {
      point.setSystem(ContactPoint.ContactPointSystem.PHONE);
    }
    if ("CP".equals(equipment)) {
      point.setUse(ContactPoint.ContactPointUse.MOBILE);
    } else if ("PRN".equals(useCode) || "ORN".equals(useCode) || "VHN".equals(useCode)) {
      point.setUse(ContactPoint.ContactPointUse.HOME);
    } else if ("WPN".equals(useCode)) {
      point.setUse(ContactPoint.ContactPointUse.WORK);
    } else if (defaultUse != null) {
      point.setUse(defaultUse);
    }
    return point;
  }

  private static String number(Type xtn) {
    String country = Fields.value(xtn, 5);
    String area = Fields.value(xtn, 6);
    String local = Fields.value(xtn, 7);
    String extension = Fields.value(xtn, 8);
    if (local == null) {
      return null;
    }
    StringBuilder number = new StringBuilder();
    if (country != null) {
      number.append('+').append(country).append(' ');
    }
    if (area != null) {
      number.append('(').append(area).append(") ");
    }
    number.append(local);
    if (extension != null) {
      number.append(" ext. ").append(extension);
    }
    return number.toString();
  }

  /**
   * CE/CWE/CNE to CodeableConcept: a coding from components 1-3 (version 7), one from 4-6 (version 8), text from
   * component 9 (original text), or from component 2 when there is no code. Null when empty.
   */
  static CodeableConcept codeableConcept(Type cwe) {
    if (Fields.isEmpty(cwe)) {
      return null;
    }
    CodeableConcept concept = new CodeableConcept();
    Coding primary = coding(Fields.value(cwe, 1), Fields.value(cwe, 2), Fields.value(cwe, 3), Fields.value(cwe, 7));
    if (primary != null) {
      concept.addCoding(primary);
    }
    Coding alternate = coding(Fields.value(cwe, 4), Fields.value(cwe, 5), Fields.value(cwe, 6),
        Fields.value(cwe, 8));
    if (alternate != null) {
      concept.addCoding(alternate);
    }
    String originalText = Fields.value(cwe, 9);
    if (originalText != null) {
      concept.setText(originalText);
    } else if (primary == null && Fields.value(cwe, 2) != null) {
      concept.setText(Fields.value(cwe, 2));
    }
    return concept.isEmpty() ? null : concept;
  }

  private static Coding coding(String code, String display, String codingSystem, String version) {
    if (code == null) {
      return null;
    }
    Coding coding = new Coding().setCode(code);
    String system = CodeSystems.forCoding(codingSystem, code);
    if (system != null) {
      coding.setSystem(system);
      if (version != null) {
        coding.setVersion(version);
      }
    }
    if (display != null) {
      coding.setDisplay(display);
    }
    return coding;
  }

  /** The FHIR system URI a CWE's first coding maps to, or its v2 coding system name; for keys. */
  static String codingSystemKey(Type cwe) {
    String name = Fields.value(cwe, 3);
    String system = CodeSystems.forCoding(name, Fields.value(cwe, 1));
    return system != null ? system : name;
  }

  /**
   * XCN (or CNN/NDL components from {@code first}) to a Reference carrying only a display (the person's name) and
   * an identifier (the id with its assigning authority). Null when empty.
   */
  static Reference person(MappingOptions options, Type xcn, String resourceType) {
    if (Fields.isEmpty(xcn)) {
      return null;
    }
    return person(options, Fields.value(xcn, 1), Fields.value(xcn, 2, 1), Fields.value(xcn, 3),
        Fields.value(xcn, 4), Fields.value(xcn, 9, 1), Fields.value(xcn, 9, 2), Fields.value(xcn, 9, 3),
        resourceType);
  }

  static Reference person(MappingOptions options, String id, String family, String given, String middle,
      String namespace, String universalId, String universalIdType, String resourceType) {
    String display = join(" ", family, given, middle);
    if (display == null && id == null) {
      return null;
    }
    Reference reference = new Reference().setType(resourceType);
    if (display != null) {
      reference.setDisplay(display);
    }
    if (id != null) {
      reference.setIdentifier(identifier(options, id, namespace, universalId, universalIdType, null));
    }
    return reference;
  }

  /**
   * OBX-6 units onto a quantity: the unit text is CWE-2, else CWE-1; UCUM system and code only when CWE-1 is a
   * valid UCUM expression.
   */
  static void units(Quantity quantity, Type units) {
    if (Fields.isEmpty(units)) {
      return;
    }
    String code = Fields.value(units, 1);
    String text = firstNonNull(Fields.value(units, 2), code);
    if (text != null) {
      quantity.setUnit(text);
    }
    if (code != null && Ucum.isValid(code)) {
      quantity.setSystem(CodeSystems.UCUM).setCode(code);
    }
  }

  static String join(String separator, String... parts) {
    List<String> present = new ArrayList<>();
    for (String part : parts) {
      if (part != null) {
        present.add(part);
      }
    }
    return present.isEmpty() ? null : String.join(separator, present);
  }

  @SafeVarargs
  static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static void addIfPresent(List<StringType> list, String value) {
    if (value != null) {
      list.add(new StringType(value));
    }
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }
}
