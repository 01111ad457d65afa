package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One segment of a message, with its position as an ERR segment reports it: the segment id and its occurrence
 * among segments of that id (1-based).
 */
record SegmentRef(Segment segment, String name, int sequence) {

  /**
   * The message's non-empty segments in message order. HAPI inserts segments it did not expect at the position
   * where they occurred, so a depth-first walk over the groups gives the received order even for v2.3 and v2.4
   * messages and for messages that bend the v2.5.1 structures.
   *
   * <p>The mappers work on this order, not on HAPI's groups: HAPI's greedy matching puts, for example, the second
   * ORC of an OML^O21 into a prior-result group, where a group-based reading would lose that order.
   */
  static List<SegmentRef> inOrder(Message message) {
    List<SegmentRef> segments = new ArrayList<>();
    walk(message, segments, new HashMap<>());
    return segments;
  }

  private static void walk(Group group, List<SegmentRef> out, Map<String, Integer> counts) {
    for (String name : group.getNames()) {
      Structure[] repetitions;
      try {
        repetitions = group.getAll(name);
      } catch (HL7Exception e) {
        continue;
      }
      for (Structure structure : repetitions) {
        if (structure instanceof Group child) {
          walk(child, out, counts);
        } else if (structure instanceof Segment segment && !isEmpty(segment)) {
          String id = segment.getName();
          int sequence = counts.merge(id, 1, Integer::sum);
          out.add(new SegmentRef(segment, id, sequence));
        }
      }
    }
  }

  private static boolean isEmpty(Segment segment) {
    try {
      return segment.isEmpty();
    } catch (HL7Exception e) {
      return true;
    }
  }

  String text(int field) {
    return Fields.text(segment, field);
  }

  String text(int field, int component) {
    return Fields.text(segment, field, component);
  }

  String text(int field, int component, int subcomponent) {
    return Fields.text(segment, field, component, subcomponent);
  }

  Type first(int field) {
    return Fields.first(segment, field);
  }

  List<Type> present(int field) {
    return Fields.present(segment, field);
  }

  /** An error at a field of this segment; {@code field} 0 means the segment as a whole. */
  MappingException error(int field, String hl7ErrorCode, String message) {
    return new MappingException(name, sequence, field, hl7ErrorCode, message);
  }

  /** "OBX-5" or "OBX" for use in error messages. */
  String where(int field) {
    return field == 0 ? name : name + "-" + field;
  }
}
