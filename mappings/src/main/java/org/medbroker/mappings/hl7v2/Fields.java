package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Composite;
import ca.uhn.hl7v2.model.ExtraComponents;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only access to field values. HAPI's own getters (and {@code Terser}) create missing repetitions and
 * components as a side effect; these helpers never touch the message, so one parsed message may be mapped by
 * several threads. Values are trimmed; empty values and the HL7 null {@code ""} read as {@code null}.
 */
final class Fields {
  private Fields() {
  }

  /** All repetitions of a field, empty when the segment does not have it. */
  static Type[] repetitions(Segment segment, int field) {
    if (field < 1 || field > segment.numFields()) {
      return new Type[0];
    }
    try {
      return segment.getField(field);
    } catch (HL7Exception e) {
      return new Type[0];
    }
  }

  /** The first repetition of a field that has any content, or null. */
  static Type first(Segment segment, int field) {
    for (Type repetition : repetitions(segment, field)) {
      if (!isEmpty(repetition)) {
        return repetition;
      }
    }
    return null;
  }

  /** The repetitions of a field that have content. */
  static List<Type> present(Segment segment, int field) {
    List<Type> present = new ArrayList<>();
    for (Type repetition : repetitions(segment, field)) {
      if (!isEmpty(repetition)) {
        present.add(repetition);
      }
    }
    return present;
  }

  /** Field value (first repetition, component 1, subcomponent 1). */
  static String text(Segment segment, int field) {
    return text(segment, field, 1, 1);
  }

  /** Component of the first repetition. */
  static String text(Segment segment, int field, int component) {
    return text(segment, field, component, 1);
  }

  /** Subcomponent of the first repetition. */
  static String text(Segment segment, int field, int component, int subcomponent) {
    Type[] repetitions = repetitions(segment, field);
    return repetitions.length == 0 ? null : value(repetitions[0], component, subcomponent);
  }

  /** Component 1, subcomponent 1 of a value. */
  static String value(Type type) {
    return value(type, 1, 1);
  }

  /** Component (subcomponent 1) of a value. */
  static String value(Type type, int component) {
    return value(type, component, 1);
  }

  /** Subcomponent of a value, or null. */
  static String value(Type type, int component, int subcomponent) {
    Type part = part(type, component);
    if (part == null) {
      return null;
    }
    Type sub = part(part, subcomponent);
    return sub == null ? null : clean(primitiveValue(sub));
  }

  /** The raw (untrimmed, unescaped by HAPI) text of a primitive value, or null. */
  static String rawValue(Type type) {
    Type part = part(type, 1);
    Type sub = part == null ? null : part(part, 1);
    return sub == null ? null : primitiveValue(sub);
  }

  /** True when no component or subcomponent has content. */
  static boolean isEmpty(Type type) {
    if (type == null) {
      return true;
    }
    try {
      return type.isEmpty();
    } catch (HL7Exception e) {
      return true;
    }
  }

  static String clean(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty() || "\"\"".equals(trimmed)) {
      return null;
    }
    return trimmed;
  }

  /** Component {@code n} (1-based) of a value, counting HAPI's extra components; never creates one. */
  private static Type part(Type type, int n) {
    Type data = type instanceof Varies varies ? varies.getData() : type;
    if (data == null) {
      return null;
    }
    int own;
    if (data instanceof Composite composite) {
      Type[] components = composite.getComponents();
      if (n <= components.length) {
        return components[n - 1];
      }
      own = components.length;
    } else {
      if (n == 1) {
        return data;
      }
      own = 1;
    }
    ExtraComponents extra = data.getExtraComponents();
    int index = n - own - 1;
    return index < extra.numComponents() ? extra.getComponent(index) : null;
  }

  private static String primitiveValue(Type type) {
    Type data = type instanceof Varies varies ? varies.getData() : type;
    if (data instanceof Primitive primitive) {
      return primitive.getValue();
    }
    if (data instanceof Composite composite) {
      Type[] components = composite.getComponents();
      return components.length == 0 ? null : primitiveValue(components[0]);
    }
    return null;
  }
}
