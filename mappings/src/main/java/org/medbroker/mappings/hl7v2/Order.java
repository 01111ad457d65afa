package org.medbroker.mappings.hl7v2;

import ca.uhn.hl7v2.model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * The segments of one order as they occurred: ORC and/or OBR, its TQ1, the OBX (with the SPM each follows, if
 * any), SPM and NTE segments, and the patient of the PID before it. Keys and ids are fixed by {@link #identify}.
 */
final class Order {
  final SegmentRef orc;
  SegmentRef obr;
  SegmentRef tq1;
  final Patient patient;
  final List<SegmentRef> notes = new ArrayList<>();
  final List<Result> results = new ArrayList<>();
  final List<SegmentRef> specimens = new ArrayList<>();

  /** The order key (see {@link #identify}) and the ids derived from it. */
  String key;
  String serviceRequestId;
  String reportId;

  /** An OBX with the index of the SPM it follows in this order (-1: none) and its NTE segments. */
  record Result(SegmentRef obx, int specimenIndex, List<SegmentRef> notes) {
  }

  Order(SegmentRef orc, SegmentRef obr, Patient patient) {
    this.orc = orc;
    this.obr = obr;
    this.patient = patient;
  }

  void addResult(SegmentRef obx) {
    results.add(new Result(obx, specimens.size() - 1, new ArrayList<>()));
  }

  Reference patientReference() {
    return new Reference("Patient/" + patient.getIdPart());
  }

  Reference serviceRequestReference() {
    return new Reference("ServiceRequest/" + serviceRequestId);
  }

  /** Placer order number: OBR-2, else ORC-2 (EI), or null. */
  Type placer() {
    return firstEi(2);
  }

  /** Filler order number: OBR-3, else ORC-3 (EI), or null. */
  Type filler() {
    return firstEi(3);
  }

  private Type firstEi(int field) {
    Type fromObr = obr == null ? null : obr.first(field);
    if (fromObr != null && Fields.value(fromObr, 1) != null) {
      return fromObr;
    }
    Type fromOrc = orc == null ? null : orc.first(field);
    return fromOrc != null && Fields.value(fromOrc, 1) != null ? fromOrc : null;
  }

  /**
   * Fixes the order key: the placer order number (OBR-2/ORC-2) with its authority, else the filler order number
   * (OBR-3/ORC-3), else (last resort) the message key (MSH-3, MSH-4, MSH-10) and the order's position. A key seen
   * before in the same message gets a {@code #n} suffix, so ids stay unique and deterministic.
   */
  void identify(MappingContext ctx, int ordinal, Map<String, Integer> seen) {
    Type placer = placer();
    Type filler = filler();
    String candidate;
    if (placer != null) {
      candidate = "placer:" + DataTypes.key(placer);
    } else if (filler != null) {
      candidate = "filler:" + DataTypes.key(filler);
    } else {
      candidate = "message:" + ctx.messageKey + "#" + ordinal;
    }
    int occurrence = seen.merge(candidate, 1, Integer::sum);
    key = occurrence == 1 ? candidate : candidate + "#" + occurrence;
    serviceRequestId = StableIds.of("ServiceRequest", key);
    reportId = StableIds.of("DiagnosticReport", key);
  }
}
