package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Resource;

/** State of mapping one message: options, the segments in order, and the resources emitted so far. */
final class MappingContext {
  final MappingOptions options;
  final String messageType;
  final List<SegmentRef> segments;
  /** MSH-3 and MSH-10, the key of last resort. */
  final String messageKey;

  private final List<Resource> resources = new ArrayList<>();
  private final Set<String> emitted = new HashSet<>();

  MappingContext(MappingOptions options, String messageType, List<SegmentRef> segments) {
    this.options = options;
    this.messageType = messageType;
    this.segments = segments;
    SegmentRef msh = segments.get(0);
    this.messageKey = DataTypes.join("^", msh.text(3), msh.text(4), msh.text(10));
  }

  ZoneId zone() {
    return options.defaultZone();
  }

  /** Adds a resource unless one of the same type and id was already emitted (first one wins). */
  void emit(Resource resource) {
    if (emitted.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart())) {
      resources.add(resource);
    }
  }

  List<Resource> resources() {
    return resources;
  }

  /** A field as FHIR dateTime, null when empty. */
  DateTimeType dateTime(SegmentRef at, int field) throws MappingException {
    V2Timestamp timestamp = timestamp(at, field, Fields.text(at.segment(), field, 1, 1));
    return timestamp == null ? null : timestamp.toDateTime(zone());
  }

  /** A field as FHIR date (date part only), null when empty. */
  DateType date(SegmentRef at, int field) throws MappingException {
    V2Timestamp timestamp = timestamp(at, field, Fields.text(at.segment(), field, 1, 1));
    return timestamp == null ? null : timestamp.toDate();
  }

  /** A field as FHIR instant, null when empty or without time of day. */
  InstantType instant(SegmentRef at, int field) throws MappingException {
    V2Timestamp timestamp = timestamp(at, field, Fields.text(at.segment(), field, 1, 1));
    return timestamp == null ? null : timestamp.toInstant(zone());
  }

  /** A TS/DTM held in a component of a field (e.g. SPM-17.1), as FHIR dateTime; null when empty. */
  DateTimeType dateTime(SegmentRef at, int field, Type value, int component) throws MappingException {
    V2Timestamp timestamp = timestamp(at, field, Fields.value(value, component, 1));
    return timestamp == null ? null : timestamp.toDateTime(zone());
  }

  V2Timestamp timestamp(SegmentRef at, int field, String value) throws MappingException {
    try {
      return V2Timestamp.parse(value);
    } catch (IllegalArgumentException e) {
      throw at.error(field, MappingException.DATA_TYPE_ERROR, "MB-0104: " + at.where(field)
          + " is not a valid HL7 timestamp; send YYYY[MM[DD[HHMM[SS[.S]]]]][+/-ZZZZ]");
    }
  }
}
